/**
 * The report pages' one stylesheet, served at /assets/report.css (a file of the service's own, so the
 * Content-Security-Policy needs no inline styles or scripts). The print rules make every page a document
 * that can be handed out at a meeting: no navigation or forms, sections kept whole, links spelled out.
 */
export const REPORT_CSS = `
:root {
  --ink: #1f2933; --muted: #52606d; --line: #d9e2ec; --paper: #ffffff; --wash: #f5f7fa;
  --accent: #0b5cad; --good: #1e7b34; --good-bg: #e3f4e8; --warn: #8a5a00; --warn-bg: #fff4d6;
  --bad: #b42318; --bad-bg: #fde8e6; --none: #52606d; --none-bg: #eef1f4;
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", system-ui, sans-serif;
  color: var(--ink); background: var(--wash); line-height: 1.55;
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, input:focus-visible { outline: 3px solid #f5a623; outline-offset: 2px; }
.site-header { background: #12355b; color: #fff; }
.site-header .inner { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding: .7rem 1.25rem; max-width: 1200px; margin: 0 auto; }
.site-header a { color: #fff; text-decoration: none; }
.site-header .brand { font-weight: 700; font-size: 1.05rem; }
.site-header nav { display: flex; gap: 1rem; flex-wrap: wrap; }
.site-header .who { margin-left: auto; display: flex; align-items: center; gap: .75rem; font-size: .9rem; }
.site-header form { margin: 0; }
.site-header button { background: transparent; color: #fff; border: 1px solid #9fb3c8; border-radius: 4px; padding: .2rem .7rem; cursor: pointer; font: inherit; }
main { max-width: 1200px; margin: 0 auto; padding: 1.25rem; }
.crumbs { font-size: .9rem; color: var(--muted); margin: 0 0 .5rem; }
.crumbs a { color: var(--muted); }
h1 { font-size: 1.6rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 0 0 .75rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
section.card { background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.25rem; margin: 0 0 1.25rem; }
.lead { font-size: 1.05rem; color: var(--muted); margin-top: -.5rem; }
.verdict { display: flex; flex-wrap: wrap; gap: 1rem; }
.verdict .fact { flex: 1 1 12rem; border-left: 4px solid var(--line); padding: .25rem .75rem; }
.verdict .fact strong { display: block; font-size: 1.35rem; }
.verdict .fact.good { border-color: var(--good); } .verdict .fact.bad { border-color: var(--bad); }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { border-bottom: 1px solid var(--line); padding: .4rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--wash); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
.table-wrap { overflow-x: auto; }
.status { display: inline-block; padding: .05rem .5rem; border-radius: 999px; font-size: .82rem; font-weight: 600; white-space: nowrap; }
.status.met, .status.done, .status.pass { color: var(--good); background: var(--good-bg); }
.status.not_met, .status.overdue, .status.fail { color: var(--bad); background: var(--bad-bg); }
.status.in_progress, .status.warn { color: var(--warn); background: var(--warn-bg); }
.status.not_assessable, .status.not_started, .status.none { color: var(--none); background: var(--none-bg); }
.delta.up { color: var(--good); } .delta.down { color: var(--bad); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .5rem; }
.grid .cell { border: 1px solid var(--line); border-radius: 4px; padding: .4rem .6rem; background: var(--paper); }
.grid .cell .code { font-weight: 700; margin-right: .35rem; }
.grid .cell .units { display: block; color: var(--muted); font-size: .8rem; }
.grid .cell.met { border-left: 4px solid var(--good); } .grid .cell.not_met { border-left: 4px solid var(--bad); }
.grid .cell.not_assessable { border-left: 4px solid #9aa5b1; }
figure.chart { margin: 0 0 1rem; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart figcaption { font-size: .85rem; color: var(--muted); }
/* min(…, 100%): a column never wider than a phone's screen, so the page itself never scrolls sideways */
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(30rem, 100%), 1fr)); gap: 1rem; }
.note { font-size: .88rem; color: var(--muted); }
/* API paths are long words: they break anywhere rather than widen a phone's page */
main code { overflow-wrap: anywhere; }
.links { list-style: none; padding: 0; display: grid; gap: .5rem; }
.links a { font-weight: 600; }
form.sign-in { max-width: 32rem; display: grid; gap: .75rem; }
form.sign-in input[type=password] { font: inherit; padding: .5rem; border: 1px solid #9aa5b1; border-radius: 4px; width: 100%; }
form.sign-in button, .button { font: inherit; background: var(--accent); color: #fff; border: 0; border-radius: 4px; padding: .5rem 1.1rem; cursor: pointer; justify-self: start; text-decoration: none; display: inline-block; }
.error-box { border: 2px solid var(--bad); background: var(--bad-bg); padding: .6rem .9rem; border-radius: 4px; }
footer.site-footer { max-width: 1200px; margin: 0 auto; padding: 1rem 1.25rem 2rem; color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
footer.site-footer code { font-size: .8rem; overflow-wrap: anywhere; }
.skip-link { position: absolute; left: .5rem; top: -3rem; background: var(--paper); color: var(--accent); padding: .4rem .8rem; border-radius: 4px; z-index: 10; }
.skip-link:focus { top: .5rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
/* task tracker: overdue rows marked at the edge and by a badge, progress text kept as written */
table.tasks { table-layout: fixed; min-width: 60rem; }
table.tasks thead th:nth-child(1) { width: 3rem; } table.tasks thead th:nth-child(3) { width: 12%; }
table.tasks thead th:nth-child(4) { width: 8.5rem; } table.tasks thead th:nth-child(5) { width: 7.5rem; }
table.tasks thead th:nth-child(6) { width: 10rem; }
table.tasks td.deadline { white-space: nowrap; }
.verdict.task-counts .fact { flex-basis: 8rem; }
tr.task.overdue { background: #fff7f6; }
tr.task.overdue td:first-child { box-shadow: inset 4px 0 0 var(--bad); }
.status.late { border: 1px solid var(--bad); margin-bottom: .2rem; }
.late-count { color: var(--bad); }
table.tasks tr.group th { background: var(--paper); border-bottom: 2px solid var(--ink); padding-top: .9rem; font-size: 1rem; }
table.tasks tr.group.status-overdue th { color: var(--bad); border-bottom-color: var(--bad); }
.task-notes { white-space: pre-line; overflow-wrap: anywhere; }
ul.evidence { margin: .3rem 0; padding-left: 1.1rem; font-size: .85rem; overflow-wrap: anywhere; }
ul.evidence .unlinked { color: var(--muted); text-decoration: line-through; }
.task-indicators a.indicator, .task-indicators span.indicator { font-size: .82rem; white-space: nowrap; }
ul.chips { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem .6rem; }
ul.chips li { white-space: nowrap; }
table.units td.duties { min-width: 20rem; }
table.units th[scope=row] { min-width: 7rem; }
table.not-met th[scope=row] { font-weight: 400; }
form.as-of { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; margin: .75rem 0; }
form.as-of input[type=date] { font: inherit; padding: .3rem .4rem; border: 1px solid #9aa5b1; border-radius: 4px; }
form.as-of .button { padding: .3rem .9rem; }
nav.switch { margin: 0 0 .5rem; font-size: .92rem; }
nav.switch [aria-current] { font-weight: 700; }
/* county report: figures beside their names, values below standard / floor marked by colour and by a mark */
.note.block, .block { display: block; }
nav.report-links { display: flex; flex-wrap: wrap; gap: .4rem 1.25rem; margin: -.25rem 0 1rem; }
details.api-data { margin: 0 0 1.25rem; background: var(--paper); border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; }
details.api-data summary { cursor: pointer; font-weight: 600; }
details.api-data table { max-width: 40rem; }
.error-box.unavailable p { margin: 0 0 .25rem; }
.grid.scorecard { margin-bottom: .75rem; }
.grid.scorecard .cell .name { font-weight: 600; margin-right: .25rem; }
.grid.scorecard .cell .figures { display: block; font-size: .85rem; margin-top: .15rem; }
.verdict .fact .status { margin-left: .4rem; vertical-align: middle; }
.verdict .fact .note { display: block; }
.verdict.counts .fact strong { display: inline; margin: 0 .25rem 0 .5rem; }
table caption { caption-side: top; text-align: left; font-weight: 600; padding: .25rem 0 .4rem; }
th.group { text-align: center; border-bottom: 1px solid var(--line); }
table.unit-values th[scope=row] { font-weight: 400; min-width: 11rem; }
td.below-standard { background: var(--warn-bg); color: var(--warn); }
td.below-floor { background: var(--bad-bg); color: var(--bad); font-weight: 700; }
td.num sup, .note sup { font-size: .7em; }
table#failing-units th[scope=rowgroup] { font-weight: 400; min-width: 12rem; border-right: 1px solid var(--line); }
table#plan-actions td.reason { font-size: .82rem; color: var(--muted); min-width: 18rem; }
table#plan-actions td:nth-child(1) { min-width: 9rem; } table#plan-actions td:nth-child(2) { min-width: 7.5rem; }
table.unit-values th[scope=row], table#failing-units th[scope=rowgroup], table#dispersion-table th[scope=row] { background: none; }
section.card .table-wrap { margin: .5rem 0 1rem; }
th.nowrap { white-space: nowrap; }
ul.compact { margin: .25rem 0; padding-left: 1.2rem; font-size: .9rem; }
.report-footnote code { font-size: .8rem; overflow-wrap: anywhere; }
/* school page: the school's facts, its classes grade by grade (over-limit ones marked by colour and by words) */
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .4rem 1.5rem; margin: 0 0 1rem; }
dl.facts > div { border-bottom: 1px dashed var(--line); padding: .15rem 0; }
dl.facts dt { font-size: .82rem; color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 600; }
.verdict a.fact { color: inherit; text-decoration: none; }
.verdict a.fact:hover > span:first-child, .verdict a.fact:focus-visible > span:first-child { text-decoration: underline; }
.links-inline { margin: 1rem 0 0; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(26rem, 100%), 1fr)); gap: 0 1.25rem; }
ul.class-sizes { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem; }
ul.class-sizes .class-size { border: 1px solid var(--line); border-radius: 4px; padding: 0 .4rem; font-size: .86rem; white-space: nowrap; font-variant-numeric: tabular-nums; }
.class-size .code { color: var(--muted); }
.class-size.over { border-color: var(--warn); background: var(--warn-bg); }
.class-size.large, .class-size.super { border-color: var(--bad); background: var(--bad-bg); }
.class-size .mark { font-size: .78rem; font-weight: 700; }
table.classes th[scope=row] { white-space: nowrap; }
.changed { font-size: .8rem; }
/* trends: year columns centred, the plan's deadline year set apart in every table */
table.trend { width: auto; min-width: 50%; }
table.trend th.num, table.trend td.num, table.trend td.status-cell { text-align: center; min-width: 6.5rem; }
table.trend th[scope=rowgroup] { min-width: 11rem; }
table.trend .deadline { background: #fbf7e9; border-left: 2px dashed var(--warn); }
table.trend tr.indicator-head > * { border-top: 2px solid var(--line); }
.deadline-mark { font-size: .8rem; color: var(--warn); font-weight: 700; }
.over-limit { color: var(--bad); font-weight: 700; }
.charts > .rate { min-width: 0; }
@media print {
  :root { background: #fff; font-size: 10.5pt; }
  .site-header, .no-print, form { display: none !important; }
  main { max-width: none; padding: 0; }
  section.card { border: 0; padding: 0; margin: 0 0 1rem; break-inside: avoid-page; }
  section.card.long { break-inside: auto; }
  .charts { display: block; }
  figure.chart { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  main a[href^="/"]::after { content: ""; }
  th { background: #eee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .status, .grid .cell { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.task.overdue, .status.late { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  nav.switch, nav.crumbs, .skip-link { display: none; }
  td.below-standard, td.below-floor { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details.api-data, nav.report-links { display: none; }
  section.card.long tr, section.card.long .grid .cell, section.card.long .verdict { break-inside: avoid; }
  section.card.long thead { display: table-header-group; }
  .pair { display: block; }
  .class-size, table.trend .deadline { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .charts > .rate { break-inside: avoid; }
  @page { size: A4; margin: 14mm 12mm; }
}
`;

/** The tab icon: the header's blue with a rising bar chart. */
export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#12355b"/><rect x="7" y="17" width="4" height="8" fill="#fff"/><rect x="14" y="12" width="4" height="13" fill="#fff"/><rect x="21" y="7" width="4" height="18" fill="#f5a623"/></svg>`;
