// chapter-views.js: the tutorial's story as six chapters, each a view of the widget (data only,
// no imports: state.js reads it to open a chapter given in a URL or attribute, chapters.js to tell
// whether the view still is the chapter's). A view is URL text over the defaults (its preset,
// then its keys) and the cell the explanation starts on ({side: 'in' | 'out', k}: flat index in
// the plane). Chapter 6 has one view per rule beyond the tutorial.
export const CHAPTER_VIEWS = [
  // 1. max pooling, kernel 2, stride 2, loss = mean: y[0, 0]'s gradient goes to its argmax
  [{ id: 'max', query: 'preset=tutorial&op=max&kernel-size=2&stride=2&grad=mean', focus: { side: 'out', k: 0 } }],
  // 2. the position matrix P and 1/N_B: x[1, 0], the argmax of y[0, 0]
  [{ id: 'positions', query: 'preset=tutorial&op=max&kernel-size=2&stride=2&grad=mean', focus: { side: 'in', k: 6 } }],
  // 3. stride 1: overlapping windows; x[4, 1] wins four of them
  [{ id: 'overlap', query: 'preset=tutorial&op=max&kernel-size=2&stride=1&grad=mean', focus: { side: 'in', k: 25 } }],
  // 4. average pooling, stride 2: 1/(N_B·B_c)
  [{ id: 'avg', query: 'preset=tutorial&op=avg&kernel-size=2&stride=2&grad=mean', focus: { side: 'out', k: 0 } }],
  // 5. average pooling, stride 1: coverage; x[1, 1] is covered by four windows
  [{ id: 'coverage', query: 'preset=tutorial&op=avg&kernel-size=2&stride=1&grad=mean', focus: { side: 'in', k: 7 } }],
  // 6. beyond the tutorial: padding, ceil_mode, a tie, NaN
  [
    { id: 'padding', query: 'preset=tutorial&op=max&kernel-size=3&stride=2&padding=1&grad=mean', focus: { side: 'out', k: 0 } },
    { id: 'ceil', query: 'preset=tutorial&op=max&kernel-size=3&stride=2&ceil-mode=true&grad=mean', focus: { side: 'out', k: 8 } },
    { id: 'ties', query: 'preset=ties&grad=mean', focus: { side: 'out', k: 0 } },
    { id: 'nan', query: 'preset=special&grad=mean', focus: { side: 'out', k: 3 } },
  ],
];
