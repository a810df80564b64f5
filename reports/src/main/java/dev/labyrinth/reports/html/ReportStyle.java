package dev.labyrinth.reports.html;

/**
 * The report's stylesheet, inlined in every report so the file needs nothing else: system fonts
 * only (nothing to fetch), and {@code :target} rules that highlight the chart marker or table row
 * a link jumped to, which is how rows and markers are linked without JavaScript.
 */
final class ReportStyle {

  static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232a;\
      margin:0 auto;max-width:1000px;padding:0 16px 48px}
      h1{font-size:22px;margin:20px 0 4px}h2{font-size:18px;margin:28px 0 8px;\
      border-bottom:1px solid #d8dde3;padding-bottom:4px}h3{font-size:15px;margin:16px 0 4px}
      code,pre,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:12.5px}
      pre{background:#f4f6f8;border:1px solid #d8dde3;padding:8px 10px;overflow:auto;\
      white-space:pre-wrap;word-break:break-all}
      table{border-collapse:collapse;margin:6px 0;font-size:13px}
      th,td{border:1px solid #d8dde3;padding:3px 7px;text-align:left;vertical-align:top}
      thead th{background:#eef1f4}table.kv th{font-weight:normal;background:#f7f8fa}
      td:nth-child(n+2){font-variant-numeric:tabular-nums}
      .verdict{font-size:16px;padding:10px 12px;border-radius:4px;margin:12px 0;\
      border-left:6px solid}
      .verdict.ok{background:#eaf6ec;border-color:#2e8540}\
      .verdict.warn{background:#fff6e0;border-color:#d98b00}\
      .verdict.bad{background:#fdecea;border-color:#c62828}
      nav a{margin-right:12px}.none,.capped{color:#5b6570;font-style:italic}
      .legend span{display:inline-block;margin-right:14px;font-size:12.5px}
      .legend i{display:inline-block;width:22px;height:0;border-top:2px solid;\
      vertical-align:middle;margin-right:4px}
      .legend i.dot{width:9px;height:9px;border:0;border-radius:50%}
      svg text{font:11px system-ui,sans-serif;fill:#5b6570}
      rect.plot{fill:#fff;stroke:#c3cad2}line.grid{stroke:#eef1f4}
      rect.kswapd{fill:#dbeafe;fill-opacity:.6}rect.direct{fill:#a855f7;fill-opacity:.55}
      polyline{fill:none;stroke-width:1.3}polyline.free{stroke:#1f5fbf;stroke-width:1.6}
      polyline.wm-high{stroke:#2e8540;stroke-dasharray:6 3}
      polyline.wm-low{stroke:#d98b00;stroke-dasharray:6 3}
      polyline.wm-min{stroke:#c62828;stroke-dasharray:6 3}
      polyline.wm-floor{stroke:#7f1d1d;stroke-dasharray:2 2}
      .mark.hit{fill:#f59e0b;stroke:#7c4a00}.mark.fail{fill:#dc2626;stroke:#450a0a}
      .legend .swatch-free{border-color:#1f5fbf}.legend .swatch-high{border-color:#2e8540}\
      .legend .swatch-low{border-color:#d98b00}.legend .swatch-min{border-color:#c62828}\
      .legend .swatch-floor{border-color:#7f1d1d;border-top-style:dotted}
      .legend .swatch-hit{background:#f59e0b}.legend .swatch-fail{background:#dc2626}\
      .legend .swatch-kswapd{background:#dbeafe}.legend .swatch-direct{background:#a855f7}
      circle:target{stroke:#000;stroke-width:3;r:8}
      tr:target{background:#fff1b8}tr.fail td{background:#fdf1f0}tr.fail:target td{background:#ffd7d2}
      rect.bar{fill:#1f5fbf}figure{display:inline-block;margin:6px 12px 6px 0}
      figcaption{font-size:12px;color:#5b6570}table.hits td:nth-child(2){white-space:nowrap}
      .counters{display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start}
      .chart{display:block;max-width:100%;height:auto}
      """;

  private ReportStyle() {}
}
