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
    });
    document.querySelectorAll('[data-since]').forEach(el => {
      el.textContent = fmt(Math.max(0, Math.round((now - Date.parse(el.dataset.since)) / 1000)));
    });
  };
  setInterval(tick, 500);
  document.addEventListener('DOMContentLoaded', tick);
})();

// A vote that opens is brought into view on the delegate's phone, wherever the page was scrolled.
(() => {
  let shown = null;
  const check = () => {
    const card = document.querySelector('[data-vote-open]');
    const id = card ? card.dataset.voteOpen : null;
    if (id && id !== shown) {
      card.scrollIntoView({ block: 'start', behavior: 'smooth' });
    }
    shown = id;
  };
  new MutationObserver(check).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-vote-open'] });
})();
