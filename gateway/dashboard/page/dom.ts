/** The little DOM help the page needs: find its fixed elements, build small ones. */

/** The element with this `data-testid` in the page skeleton (index.html); throws when the skeleton lacks it. */
export function part<E extends HTMLElement = HTMLElement>(testId: string, root: ParentNode = document): E {
  const found = root.querySelector<E>(`[data-testid="${testId}"]`);
  if (found === null) throw new Error(`dashboard markup has no [data-testid="${testId}"]`);
  return found;
}

/** `<tag class=… data-…=…>text or children</tag>`; text is set as text, never parsed as HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string>> = {},
  content: string | readonly Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (typeof content === 'string') node.textContent = content;
  else node.append(...content);
  return node;
}
