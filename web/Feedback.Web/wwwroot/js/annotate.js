// Keyboard shortcuts for the annotation workspace: 1-9 pick a choice, S skips.
// Each shortcut clicks the matching submit button, so the page works the same with JavaScript off.
const form = document.querySelector('form[data-shortcuts]');

if (form) {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.repeat) {
      return;
    }
    const target = event.target;
    if (target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) {
      return;
    }
    const key = event.key.toLowerCase();
    const button = form.querySelector(`button[data-key="${CSS.escape(key)}"]`);
    if (button && !button.disabled) {
      event.preventDefault();
      form.querySelectorAll('button').forEach((b) => { b.disabled = b !== button; });
      form.requestSubmit(button);
    }
  });
}
