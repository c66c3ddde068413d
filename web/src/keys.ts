// Keys: ← → move a day (or week, or month), t is today, Ctrl+1…9 (or Alt+1…9, where the browser keeps Ctrl
// for its tabs) opens the view with that shortcut. Ignored while typing or while a dialog is open.

export interface KeyActions { step(n: number): void; today(): void; shortcut(n: number): void }

export function bindKeys(a: KeyActions): () => void {
  const onKey = (e: KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (document.querySelector('dialog[open]')) return;
    if ((e.ctrlKey || e.altKey) && /^[1-9]$/.test(e.key)) {
      e.preventDefault();
      return a.shortcut(Number(e.key));
    }
    if (e.ctrlKey || e.metaKey || e.altKey || t.closest('input, select, textarea, [contenteditable]')) return;
    if (e.key === 'ArrowLeft') a.step(-1);
    else if (e.key === 'ArrowRight') a.step(1);
    else if (e.key === 't') a.today();
    else return;
    e.preventDefault();
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}
