// Keeps the hall projector one screen high whatever it shows: long lists show a page at a time and turn their pages
// by themselves, long texts (data-fit) shrink until they fit their box, and a region that still overflows is scaled
// down as a whole. Runs again whenever the circuit changes what the screen shows, and when the window is resized.
const turnEveryMs = 10000;
const smallest = 0.5;
let state = null;

export function follow(root) {
  stop();
  const s = { root, page: new WeakMap(), frame: 0 };
  const schedule = () => {
    cancelAnimationFrame(s.frame);
    s.frame = requestAnimationFrame(() => layout(s));
  };
  // The countdown's ticking changes nothing else's size.
  s.mutations = new MutationObserver(records => {
    if (records.some(r => !(r.target.parentElement ?? r.target).closest?.('[data-deadline]'))) {
      schedule();
    }
  });
  s.mutations.observe(root, { childList: true, subtree: true, characterData: true });
  s.resize = new ResizeObserver(schedule);
  s.resize.observe(root);
  s.timer = setInterval(() => turn(s), turnEveryMs);
  document.fonts?.ready.then(schedule);
  state = s;
  layout(s);
}

export function stop() {
  if (!state) {
    return;
  }
  state.mutations.disconnect();
  state.resize.disconnect();
  clearInterval(state.timer);
  cancelAnimationFrame(state.frame);
  state = null;
}

function layout(s) {
  const regions = [...s.root.querySelectorAll('.projector-head, .projector-current, .projector-stage')];
  regions.forEach(r => r.style.removeProperty('--u'));
  s.root.querySelectorAll('[data-fit]').forEach(el => el.style.removeProperty('font-size'));
  paginateAll(s);
  fitTexts(s.root);
  // Last resort: a region whose parts still do not fit is drawn smaller, all of it alike.
  for (const region of regions) {
    let u = 1;
    while (u > smallest && crowded(region)) {
      u -= 0.05;
      region.style.setProperty('--u', `${u}vh`);
      paginateAll(s, region);
      fitTexts(region);
    }
  }
}

function overflows(el) {
  return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
}

function crowded(region) {
  return overflows(region) || [...region.querySelectorAll('[data-fit], [data-pages]')].some(overflows);
}

function fitTexts(scope) {
  scope.querySelectorAll('[data-fit]').forEach(el => {
    const base = parseFloat(getComputedStyle(el).fontSize);
    let scale = 1;
    while (scale > smallest && overflows(el)) {
      scale -= 0.05;
      el.style.fontSize = `${base * scale}px`;
    }
  });
}

function paginateAll(s, scope = s.root) {
  scope.querySelectorAll('[data-pages]').forEach(box => paginate(s, box));
}

// Splits the list's items into pages that fit the box, measured with every item shown, and shows the current page.
function paginate(s, box) {
  const list = box.dataset.pages ? box.querySelector(box.dataset.pages) : box;
  if (!list) {
    return;
  }
  const items = [...list.children];
  items.forEach(el => { el.hidden = false; });
  const style = getComputedStyle(box);
  const room = box.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  const pages = [];
  let start = null;
  for (const el of items) {
    const r = el.getBoundingClientRect();
    if (start === null || r.bottom - start > room) {
      pages.push([]);
      start = r.top;
    }
    pages[pages.length - 1].push(el);
  }
  const known = s.page.get(box) ?? 0;
  const page = pages.length === 0 ? 0 : known % pages.length;
  s.page.set(box, page);
  show(box, pages, page);
}

function show(box, pages, page) {
  pages.forEach((p, i) => p.forEach(el => { el.hidden = i !== page; }));
  const label = pages.length > 1 ? `${page + 1} / ${pages.length}` : null;
  if (label === null) {
    box.removeAttribute('data-page');
  } else if (box.getAttribute('data-page') !== label) {
    box.setAttribute('data-page', label);
  }
  box.pageCount = pages.length;
}

function turn(s) {
  s.root.querySelectorAll('[data-pages]').forEach(box => {
    if ((box.pageCount ?? 1) > 1) {
      s.page.set(box, (s.page.get(box) ?? 0) + 1);
    }
  });
  layout(s);
}
