// Countdowns and item timers: the server sends a deadline or a start time once; the browser counts by itself.
(() => {
  const pad = n => String(n).padStart(2, '0');
  const fmt = s => `${s < 0 ? '-' : ''}${Math.floor(Math.abs(s) / 60)}:${pad(Math.abs(s) % 60)}`;
  const tick = () => {
    const now = Date.now();
    document.querySelectorAll('[data-deadline]').forEach(el => {
      const left = Math.round((Date.parse(el.dataset.deadline) - now) / 1000);
      el.textContent = fmt(left);
      el.classList.toggle('overtime', left < 0);
      el.classList.toggle('ending', left >= 0 && left <= 30);
      // Said once per deadline, as the last half minute begins: the page's announcer reads it (Announcer.razor).
      const slot = document.querySelector('[data-announce-local]');
      if (slot && el.dataset.announce && left > 0 && left <= 30 && el.dataset.announced !== el.dataset.deadline) {
        el.dataset.announced = el.dataset.deadline;
        slot.textContent = el.dataset.announce;
        setTimeout(() => { if (slot.textContent === el.dataset.announce) slot.textContent = ''; }, 10000);
      }
    });
    document.querySelectorAll('[data-since]').forEach(el => {
      el.textContent = fmt(Math.max(0, Math.round((now - Date.parse(el.dataset.since)) / 1000)));
    });
  };
  setInterval(tick, 500);
  document.addEventListener('DOMContentLoaded', tick);
})();

// A vote that opens is brought into view on the delegate's phone, wherever the page was scrolled, and the keyboard's
// focus goes to its heading (the choices are the next stop), unless the delegate is typing.
(() => {
  let shown = null;
  const check = () => {
    const card = document.querySelector('[data-vote-open]');
    const id = card ? card.dataset.voteOpen : null;
    if (id && id !== shown) {
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      card.scrollIntoView({ block: 'start', behavior: reduce ? 'auto' : 'smooth' });
      const typing = document.activeElement?.matches('input, textarea, select, [contenteditable]');
      const heading = card.querySelector('#vote-heading');
      if (heading && !typing) heading.focus({ preventScroll: true });
    }
    shown = id;
  };
  new MutationObserver(check).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-vote-open'] });
})();

// Focus moved by the page after an action (签到, a ballot choice, 确认投票…), so that a keyboard or screen reader user
// goes on from the next sensible place rather than from the top. An element that is not focusable by itself is made
// focusable from script only (tabindex -1).
window.congressHub = Object.assign(window.congressHub || {}, {
  focus(selector) {
    const el = document.querySelector(selector);
    if (!el) return false;
    if (!el.matches('a[href], button, input, select, textarea, [tabindex]')) el.setAttribute('tabindex', '-1');
    el.focus();
    return document.activeElement === el;
  },
});
