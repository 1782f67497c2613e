// dom.js: small DOM helpers. The set* helpers write only when the value differs, so a render
// that changes nothing touches nothing (a lang change restyles every text node).

export function h(tag, attrs = {}, children = []) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  for (const c of children) n.append(c);
  return n;
}

export function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

export function setHidden(node, hidden) {
  if (node.hidden !== hidden) node.hidden = hidden;
}

export function setData(textNode, text) {
  if (textNode.data !== text) textNode.data = text;
}

export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
