// Countdowns and item timers: the server sends a deadline or a start time once; the browser counts by itself. The
// text is written only when it changes (once a second, not at every tick): each write makes the page lay itself out
// again, and a hall's phones have little time to spare when a change comes in.
(() => {
  const pad = n => String(n).padStart(2, '0');
  const fmt = s => `${s < 0 ? '-' : ''}${Math.floor(Math.abs(s) / 60)}:${pad(Math.abs(s) % 60)}`;
  const show = (el, text) => { if (el.textContent !== text) el.textContent = text; };
  const tick = () => {
    const now = Date.now();
    document.querySelectorAll('[data-deadline]').forEach(el => {
      const left = Math.round((Date.parse(el.dataset.deadline) - now) / 1000);
      show(el, fmt(left));
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
      show(el, fmt(Math.max(0, Math.round((now - Date.parse(el.dataset.since)) / 1000))));
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

// Form errors. MudBlazor ties the error text of a text field to its input, but not that of a select or a date picker:
// every field that shows an error is marked invalid here and described by its error text, whichever component drew it.
// After the server refuses a form, the focus goes to the form's first invalid field, or to the summary above the form
// when the refusal names no field.
window.congressHub = window.congressHub || {};
(() => {
  let next = 0;
  const fieldsOf = control =>
    control.querySelectorAll('.mud-input-control-input-container :is(input:not([type=hidden]), textarea, [role=combobox])');
  const idsOf = field => (field.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  const describe = (field, ids) => ids.length ? field.setAttribute('aria-describedby', ids.join(' ')) : field.removeAttribute('aria-describedby');

  const link = () => {
    const linked = new Set();
    document.querySelectorAll('.mud-input-helper-text.mud-input-error > .me-auto').forEach(text => {
      if (!text.textContent.trim()) {
        return;
      }
      if (!text.id) {
        text.id = `field-error-${++next}`;
      }
      fieldsOf(text.closest('.mud-input-control')).forEach(field => {
        linked.add(field);
        if (!idsOf(field).includes(text.id)) {
          describe(field, [...idsOf(field).filter(id => id !== field.dataset.errorText), text.id]);
          field.dataset.errorText = text.id;
        }
        if (field.getAttribute('aria-invalid') !== 'true') {
          field.setAttribute('aria-invalid', 'true');
          field.dataset.errorMarked = '';
        }
      });
    });
    // A corrected field loses what was added to it.
    document.querySelectorAll('[data-error-text], [data-error-marked]').forEach(field => {
      if (linked.has(field)) {
        return;
      }
      if (field.dataset.errorText) {
        describe(field, idsOf(field).filter(id => id !== field.dataset.errorText));
        delete field.dataset.errorText;
      }
      if ('errorMarked' in field.dataset) {
        field.setAttribute('aria-invalid', 'false');
        delete field.dataset.errorMarked;
      }
    });
  };
  // Only the class changes that show or clear an error and the elements that come and go; never the attributes set here.
  new MutationObserver(link).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });

  const shown = el => el.type !== 'hidden' && el.getClientRects().length > 0;
  window.congressHub.focusFirstInvalid = summary => {
    if (!summary) {
      return;
    }
    link();
    const form = summary.closest('[role=dialog], form') || summary.parentElement;
    const field = [...form.querySelectorAll('[aria-invalid=true]')].find(shown);
    (field || summary).focus();
  };
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

// Copies text for a button ("复制"): through the clipboard API where the page is a secure context (HTTPS, localhost),
// else from a selection, as on the office network over plain HTTP. True when the text was copied.
window.congressHub = Object.assign(window.congressHub || {}, {
  async copy(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch {
      // Refused (no permission, page not focused): try the selection below.
    }
    // Inside the open dialog, whose focus trap would take the focus back from an element outside it.
    const before = document.activeElement;
    const host = before?.closest('[role=dialog]') || document.body;
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.setAttribute('aria-hidden', 'true');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    host.appendChild(area);
    area.select();
    let copied = false;
    try {
      copied = document.execCommand('copy');
    } catch {
      copied = false;
    }
    area.remove();
    before?.focus();
    return copied;
  },
});
