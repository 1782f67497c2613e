// copy.js: puts text on the clipboard for the page's copy buttons. The Clipboard API needs a
// secure context (https, localhost); elsewhere the text of `node` is selected and copied the old
// way. Returns whether it worked (else the text is left selected for the reader to copy).
export async function copyText(text, node) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // fall through to the selection
  }
  const range = document.createRange();
  range.selectNodeContents(node);
  const selection = getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
