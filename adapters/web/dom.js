// Building DOM nodes without HTML strings: every text goes in as a text
// node, so nothing a user typed (or a server sent) is ever parsed as markup.

// h('a', {href: '#/x', class: 'link'}, 'text', child, [more, children])
// Attributes: `class`, `for`, `data-*`, `aria-*` and any other set with
// setAttribute; `on*` functions become event listeners; `true` sets a
// boolean attribute, `false`/null/undefined leaves it out; `value` and
// `checked` are set as properties.
export function h(tag, attributes = {}, ...children) {
  const node = tag.includes(':')
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.split(':')[1])
    : document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'value' || name === 'checked') {
      node[name] = value;
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// Replaces the children of `node` with `children`.
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

// A unique id for label/field pairs.
let counter = 0;
export function uid(prefix = 'id') {
  counter += 1;
  return `${prefix}-${counter}`;
}
