// styles.js: the element's scoped styles (shadow DOM). Hosts theme it through --poolgrad-*
// custom properties, which inherit into the shadow tree:
//   --poolgrad-bg, --poolgrad-fg, --poolgrad-muted, --poolgrad-border, --poolgrad-accent,
//   --poolgrad-panel, --poolgrad-error, --poolgrad-focus, --poolgrad-window, --poolgrad-argmax,
//   --poolgrad-font, --poolgrad-mono, --poolgrad-cell-font (a generic family is fastest to lay out), --poolgrad-cell-width, --poolgrad-cell-height,
//   --poolgrad-cell-font-size, --poolgrad-radius
export const CSS = `
:host { display: block; contain: content; container-type: inline-size; }
/* until the first render the widget shows its title and a loading line, and costs no layout */
:host(:not([data-ready])) .root > :not(header):not(.banner):not(.loading) { display: none; }
:host([data-ready]) .loading { display: none; }
:host([hidden]) { display: none; }
.root {
  --bg: var(--poolgrad-bg, #ffffff);
  --fg: var(--poolgrad-fg, #1b1f24);
  --muted: var(--poolgrad-muted, #57606a);
  --border: var(--poolgrad-border, #d0d7de);
  --panel: var(--poolgrad-panel, #f6f8fa);
  --accent: var(--poolgrad-accent, #0550ae);
  --error: var(--poolgrad-error, #b3261e);
  --focus: var(--poolgrad-focus, #d4380d);
  --window: var(--poolgrad-window, #1b1f24);
  --argmax: var(--poolgrad-argmax, #d4380d);
  --ch: var(--poolgrad-cell-height, 2.1em);
  font-family: var(--poolgrad-font, system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif);
  color: var(--fg);
  background: var(--bg);
  border: 1px solid var(--border);
  border-radius: var(--poolgrad-radius, 8px);
  padding: 0.75rem;
  line-height: 1.4;
  font-size: 14px;
}
.root.dark {
  --bg: var(--poolgrad-bg, #0d1117);
  --fg: var(--poolgrad-fg, #e6edf3);
  --muted: var(--poolgrad-muted, #9da7b3);
  --border: var(--poolgrad-border, #3d444d);
  --panel: var(--poolgrad-panel, #161b22);
  --accent: var(--poolgrad-accent, #79c0ff);
  --error: var(--poolgrad-error, #ff9492);
  --focus: var(--poolgrad-focus, #ffa657);
  --window: var(--poolgrad-window, #f0f6fc);
  --argmax: var(--poolgrad-argmax, #ffa657);
  color-scheme: dark;
}
.root.light { color-scheme: light; }
[hidden] { display: none !important; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; margin-bottom: 0.5rem; }
header h2 { font-size: 1.1rem; margin: 0; flex: 1 1 auto; }
button, select, input, textarea {
  font: inherit; color: var(--fg); background: var(--bg);
  border: 1px solid var(--border); border-radius: 5px; padding: 0.2rem 0.45rem;
}
button { cursor: pointer; background: var(--panel); }
button:hover { border-color: var(--accent); }
button[aria-disabled=true] { opacity: 0.45; cursor: default; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; }
input[type=checkbox] { width: 1.05rem; height: 1.05rem; accent-color: var(--accent); }
.controls { display: flex; flex-wrap: wrap; gap: 0.4rem 0.9rem; margin: 0 0 0.6rem; padding: 0.6rem; border: 1px solid var(--border); border-radius: 6px; background: var(--panel); }
.controls legend { font-weight: 600; padding: 0 0.3rem; }
.ctl { display: flex; flex-direction: column; gap: 0.15rem; min-width: 7.5rem; max-width: 14rem; }
.ctl.wide { max-width: 26rem; min-width: 16rem; }
.ctl label { font-size: 0.85em; color: var(--muted); }
.ctl.check { flex-direction: row; align-items: center; gap: 0.35rem; min-width: 0; align-self: end; padding-bottom: 0.25rem; }
.ctl.check label { font-size: 0.85em; color: var(--fg); }
.ctl input[type=text], .ctl input[type=number], .ctl select { width: 100%; box-sizing: border-box; }
.ctl.disabled label { text-decoration: line-through; }
.err { color: var(--error); font-size: 0.8em; max-width: 26rem; overflow-wrap: anywhere; }
.err:empty { display: none; }
.err::before { content: "⚠ "; }
[aria-invalid=true] { border-color: var(--error); border-width: 2px; }
.row-ctl { display: flex; gap: 0.3rem; align-items: center; }
textarea { width: 100%; box-sizing: border-box; min-height: 3.2em; font-family: var(--poolgrad-mono, ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace); font-size: 0.85em; }
.banner { color: var(--error); border: 1px solid var(--error); border-radius: 6px; padding: 0.35rem 0.6rem; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
.hint { color: var(--muted); font-size: 0.85em; margin: 0 0 0.5rem; }
.steps { display: flex; flex-wrap: wrap; align-items: center; gap: 0.4rem; margin: 0 0 0.6rem; }
.steps input[type=range] { flex: 1 1 10rem; min-width: 8rem; }
.step-text { flex: 1 1 100%; color: var(--muted); font-size: 0.9em; min-height: 1.4em; }
.mats { display: flex; flex-wrap: wrap; gap: 0.8rem 1.2rem; align-items: flex-start; }
figure.mat { margin: 0; max-width: 100%; }
figure.mat figcaption { font-weight: 600; margin-bottom: 0.2rem; }
figure.mat .note { display: block; font-weight: 400; font-size: 0.8em; color: var(--muted); }
.scroll { overflow: auto; max-width: 100%; padding: 3px; contain: content; }
.grid { --cw: var(--poolgrad-cell-width, var(--cw-auto, 3.9em)); display: inline-flex; flex-direction: column; gap: 1px; font-family: var(--poolgrad-cell-font, sans-serif); font-size: var(--poolgrad-cell-font-size, 12px); font-variant-numeric: tabular-nums; }
.grid.is3d { flex-direction: row; gap: 0.7rem; flex-wrap: wrap; }
.slice { display: flex; flex-direction: column; gap: 1px; }
.slice-label { font-family: var(--poolgrad-font, system-ui, sans-serif); font-size: 0.85em; color: var(--muted); }
/* rows: implicit columns of the cell width, stretched to the width grid.js gives their block; in a
   big view, rows out of view are skipped (no style, layout or paint), one cell high meanwhile */
.row { display: grid; grid-auto-flow: column; grid-auto-columns: var(--cw); gap: 1px; justify-content: start; }
.grid.big .row { content-visibility: auto; contain-intrinsic-size: 0px var(--ch); }
.cell {
  box-sizing: border-box; height: var(--ch); display: block; text-align: center; line-height: calc(var(--ch) - 2px);
  contain: strict; border: 1px solid transparent; border-radius: 3px; position: relative; white-space: nowrap; overflow: hidden;
  background: var(--panel); cursor: default; user-select: none;
}
.cell.nan { background-image: repeating-linear-gradient(45deg, transparent 0 4px, rgba(128,128,128,0.45) 4px 6px); background-color: var(--panel) !important; color: var(--fg) !important; }
.cell.pending { color: var(--muted) !important; background: transparent !important; border: 1px dashed var(--border); }
.cell:focus { outline: 3px solid var(--focus); outline-offset: -3px; z-index: 2; }
.cell.win { border: 2px dashed var(--window); line-height: calc(var(--ch) - 4px); }
.cell.lands, .cell.step { border: 2px dashed var(--window); line-height: calc(var(--ch) - 4px); }
.cell.src { box-shadow: inset 0 0 0 3px var(--focus); text-decoration: underline; }
.cell.argmax { border: 3px solid var(--argmax); line-height: calc(var(--ch) - 6px); box-shadow: inset 0 0 0 1px var(--bg); }
.cell.argmax::after { content: "▲"; position: absolute; top: -1px; right: 1px; font-size: 8px; line-height: 1; color: inherit; }
.cell-edit { width: 100%; height: 100%; box-sizing: border-box; border: 0; padding: 0 2px; text-align: center; font: inherit; color: var(--fg); background: var(--bg); }
.legend { font-size: 0.8em; color: var(--muted); margin: 0.3rem 0 0; display: flex; gap: 0.9rem; flex-wrap: wrap; }
.legend .sw { display: inline-block; width: 1.3em; height: 0.9em; vertical-align: middle; margin-right: 0.25em; border-radius: 2px; }
.legend .sw.win { border: 2px dashed var(--window); }
.legend .sw.arg { border: 3px solid var(--argmax); }
.explain { margin: 0.7rem 0 0; padding: 0.5rem 0.7rem; border-left: 4px solid var(--accent); background: var(--panel); border-radius: 4px; min-height: 2.6em; }
.explain p { margin: 0.15rem 0; overflow-wrap: anywhere; }
.explain .sum { font-family: var(--poolgrad-mono, ui-monospace, monospace); }
.formulas { margin: 0.7rem 0 0; padding: 0.5rem 0.7rem; border: 1px solid var(--border); border-radius: 6px; min-height: 4em; }
.formulas .f.plain { font-family: var(--poolgrad-mono, ui-monospace, monospace); white-space: pre-wrap; }
.formulas h3, .explain h3 { font-size: 1rem; margin: 0 0 0.3rem; }
.formulas h4 { font-size: 0.92rem; margin: 0.6rem 0 0.2rem; }
.formulas .f { padding: 0.2rem 0; max-width: 100%; }
.formulas .katex { font-size: 1.12em; }
.formulas ul { margin: 0.2rem 0; padding-left: 1.2rem; }
.formulas li.on { font-weight: 600; }
.formulas li.on::before { content: "→ "; }
/* teach-story: the chapter bar (chapter-bar.js) and practice mode (practice-panel.js) */
.chapters { margin: 0 0 0.5rem; padding: 0.35rem 0.6rem; border-left: 4px solid var(--accent); background: var(--panel); border-radius: 4px; }
.ch-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.3rem 0.5rem; }
.ch-label { font-size: 0.85em; color: var(--muted); }
.ch-buttons { display: inline-flex; gap: 0.2rem; }
.ch-buttons button { min-width: 1.9rem; padding: 0.1rem 0.35rem; }
.ch-buttons button[aria-current=step] { background: var(--accent); color: var(--bg); border-color: var(--accent); font-weight: 600; }
.ch-title { flex: 1 1 14rem; }
.ch-tools { display: inline-flex; align-items: center; gap: 0.3rem; font-size: 0.9em; }
.ch-tools label { color: var(--muted); }
.ch-text { margin: 0.25rem 0 0; }
.chapters[data-chapter="6"][data-on-path=true] .ch-text:first-child { display: inline; margin-right: 0.4rem; }
.ch-subs { display: inline-flex; flex-wrap: wrap; gap: 0.3rem; margin-top: 0.25rem; }
.ch-subs button[aria-pressed=true] { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); font-weight: 600; }
.chapters [data-action=chapter-back] { margin-top: 0.25rem; }
.chapters[data-on-path=false] .ch-title { color: var(--muted); text-decoration: line-through; }
.practice { margin: 0.7rem 0 0; padding: 0.5rem 0.7rem; border: 2px dashed var(--accent); border-radius: 6px; }
.practice h3 { font-size: 1rem; margin: 0 0 0.3rem; }
.pgrid { display: inline-flex; flex-direction: column; gap: 2px; font-size: 12px; }
.prow { display: flex; gap: 2px; }
.pcell { position: relative; display: block; }
.pcell input { width: 4.6em; box-sizing: border-box; text-align: center; padding: 0.25rem 0.1rem; font-variant-numeric: tabular-nums; }
.pcell.right input { border: 2px solid #1a7f37; }
.pcell.wrong input { border: 2px solid var(--error); }
.pcell[data-sign]:not([data-sign=""])::after { content: attr(data-sign); position: absolute; top: -2px; right: 2px; font-size: 10px; font-weight: 700; }
.pcell.right::after { color: #1a7f37; }
.root.dark .pcell.right input { border-color: #3fb950; }
.root.dark .pcell.right::after { color: #3fb950; }
.pcell.wrong::after { color: var(--error); }
.pcell.blank input { border: 2px dashed var(--muted); }
.pcell.blank::after { color: var(--muted); }
.practice .row-ctl { margin-top: 0.4rem; }
.practice-note { margin-top: 0.4rem; }
.practice-note p { margin: 0.15rem 0; overflow-wrap: anywhere; }
.practice-note p.wrong { color: var(--error); font-weight: 600; }
.muted { color: var(--muted); }
/* teach-view: the padding ring, dilation, the fold of less-used parameters, a compact layout */
.cell.pad { background: repeating-linear-gradient(135deg, transparent 0 3px, rgba(128,128,128,0.32) 3px 5px) !important; color: var(--muted) !important; border: 1px dashed var(--border); font-style: italic; }
.cell.over { background: transparent !important; border: 1px dotted var(--muted); color: var(--muted); }
.cell.pad.win, .cell.over.win { border: 2px dashed var(--window); line-height: calc(var(--ch) - 4px); color: var(--fg) !important; }
.cell.skip { opacity: 0.45; outline: 1px dotted var(--window); outline-offset: -3px; }
.legend .sw.pad { background: repeating-linear-gradient(135deg, transparent 0 3px, rgba(128,128,128,0.5) 3px 5px); border: 1px dashed var(--border); }
.legend .sw.over { border: 1px dotted var(--muted); }
.legend .sw.skip { background: var(--panel); opacity: 0.45; outline: 1px dotted var(--window); outline-offset: -3px; }
.controls { padding: 0.35rem 0.6rem 0.45rem; gap: 0.3rem 0.7rem; margin-bottom: 0.4rem; }
.ctl { min-width: 6.5rem; max-width: 11rem; }
.ctl.wide { min-width: min(16rem, 100%); }
.more { flex: 1 1 100%; }
.more summary { cursor: pointer; color: var(--accent); font-size: 0.9em; width: max-content; max-width: 100%; }
.more-body { display: flex; flex-wrap: wrap; gap: 0.3rem 0.7rem; padding-top: 0.35rem; }
.hint { margin-bottom: 0.35rem; }
.steps { margin-bottom: 0.4rem; }
.step-text { min-height: 1.2em; }
.mats { gap: 0.5rem 0.75rem; }
/* a caption wraps to its matrix's width (a long note never widens the figure) */
figure.mat { width: min-content; min-width: 7.5rem; }
figure.mat figcaption { font-size: 0.95em; line-height: 1.25; }
.explain { margin-top: 0.5rem; }
.explain .rule { border-left: 3px solid var(--argmax); padding-left: 0.4rem; }
.formulas h4 { margin-top: 0.5rem; }
.formulas p { margin: 0.15rem 0; }
/* compare view (compare-view.js): the frameworks side by side. While it shows, the single-framework
   views step aside (shell.js sets data-view) */
.root[data-view=compare] > :is(.steps, .mats, .legend, .practice, .explain, .formulas, .chapters, .hint) { display: none !important; }
.compare { margin: 0 0 0.6rem; }
.compare h3 { font-size: 1rem; margin: 0 0 0.2rem; }
.cmp-intro { color: var(--muted); font-size: 0.9em; margin: 0 0 0.5rem; }
.cmp-message { color: var(--error); margin: 0.3rem 0; }
.cmp-cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 0.8rem; align-items: start; }
.cmp-col { border: 1px solid var(--border); border-radius: 6px; padding: 0.5rem; background: var(--bg); min-width: 0; }
.cmp-col h4 { margin: 0 0 0.2rem; font-size: 1rem; }
.cmp-settings { display: block; font-family: var(--poolgrad-mono, ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace); font-size: 0.78em; color: var(--muted); overflow-wrap: anywhere; margin-bottom: 0.4rem; }
.cmp-error { color: var(--error); border: 1px solid var(--error); border-radius: 5px; padding: 0.3rem 0.45rem; overflow-wrap: anywhere; font-size: 0.9em; }
.cmp-note, .cmp-shape { font-size: 0.85em; border-left: 3px solid var(--accent); padding-left: 0.4rem; margin: 0.3rem 0; }
figure.cmp-mat { margin: 0 0 0.45rem; }
/* a column's matrix wider than the column scrolls inside it (also on a narrow host) */
figure.cmp-mat .scroll { overflow-x: auto; max-width: 100%; }
figure.cmp-mat figcaption { font-weight: 600; font-size: 0.9em; margin-bottom: 0.15rem; }
figure.cmp-mat .note { display: block; font-weight: 400; font-size: 0.8em; color: var(--muted); }
.cgrid { display: inline-flex; flex-direction: column; gap: 1px; font-family: var(--poolgrad-cell-font, sans-serif); font-size: var(--poolgrad-cell-font-size, 11.5px); font-variant-numeric: tabular-nums; }
.crow { display: grid; grid-auto-flow: column; grid-auto-columns: var(--cw, 3.9em); gap: 1px; }
.ccell { box-sizing: border-box; contain: strict; height: 1.9em; line-height: calc(1.9em - 2px); padding: 0 2px; text-align: center; border: 1px solid transparent; border-radius: 3px; background: var(--panel); position: relative; white-space: nowrap; overflow: hidden; }
.ccell.pad, .lg-pad { background: repeating-linear-gradient(45deg, transparent 0 4px, rgba(128,128,128,0.4) 4px 6px); border: 1px dashed var(--border); }
.ccell.over, .lg-over { background: transparent; border: 1px dotted var(--muted); }
.ccell.nan { background-image: repeating-linear-gradient(45deg, transparent 0 4px, rgba(128,128,128,0.45) 4px 6px); }
.ccell:focus { outline: 3px solid var(--focus); outline-offset: -3px; z-index: 2; }
/* a cell unlike the first column's: a thick dashed border (a shape, never colour alone) */
/* (a ring of the page's background inside it keeps the dashes visible on a dark or a light cell) */
.ccell[data-differs] { border: 2px dashed var(--fg); line-height: calc(1.9em - 4px); box-shadow: inset 0 0 0 2px var(--bg); }
/* the cells of the hovered or focused sentence */
.ccell[data-reason] { border: 3px solid var(--argmax); line-height: calc(1.9em - 6px); box-shadow: inset 0 0 0 1px var(--bg); }
.cmp-legend { font-size: 0.8em; color: var(--muted); margin: 0.3rem 0; white-space: pre-wrap; }
.lg-pad, .lg-diff, .lg-over { display: inline-block; width: 1.3em; height: 0.9em; vertical-align: middle; border-radius: 2px; }
.lg-diff { border: 2px dashed var(--fg); }
.cmp-reasons h4 { margin: 0.5rem 0 0.2rem; }
.cmp-reasons ul { margin: 0.2rem 0; padding-left: 1.2rem; }
.cmp-reasons li { margin: 0.15rem 0; padding: 0.15rem 0.3rem; border-radius: 4px; cursor: default; }
.cmp-reasons li:hover, .cmp-reasons li.active { background: var(--panel); outline: 1px solid var(--argmax); }
.ctl.frameworks { max-width: none; }
.ctl.frameworks .group-label { font-size: 0.85em; color: var(--muted); }
.fw-boxes { display: flex; gap: 0.6rem; flex-wrap: wrap; align-items: center; }
.fw-box { display: inline-flex; align-items: center; gap: 0.25rem; font-size: 0.9em; }
/* a narrow host (a phone): the matrices are one row that scrolls sideways together, so the
   focused cell and its window in the other matrices stay side by side; smaller cells */
@container (max-width: 40rem) {
  .root { padding: 0.5rem; }
  .mats { flex-wrap: nowrap; overflow-x: auto; overscroll-behavior-x: contain; padding-bottom: 0.3rem; }
  figure.mat { flex: 0 0 auto; max-width: none; }
  figure.mat figcaption { font-size: 0.9em; }
  figure.mat .note { max-width: 14rem; }
  .scroll { max-width: none; overflow: visible; }
  .grid { font-size: var(--poolgrad-cell-font-size, 11px); }
  .ctl { min-width: 5.5rem; flex: 1 1 5.5rem; }
}
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
