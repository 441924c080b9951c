package browser

// layoutScript measures the rendered page for Page.Layout.
const layoutScript = `(() => {
  const out = [], vw = document.documentElement.clientWidth;
  const name = el => { const p = []; for (let e = el; e && e !== document.body && p.length < 3; e = e.parentElement)
    p.unshift(e.id ? e.tagName.toLowerCase() + '#' + e.id : e.tagName.toLowerCase() + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : ''));
    return p.join(' > '); };
  const text = el => (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
  if (document.documentElement.scrollWidth > vw + 1)
    out.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' px in a ' + vw + ' px window');
  for (const el of document.querySelectorAll('.scroll, pre'))
    if (el.scrollWidth > el.clientWidth + 1) out.push(name(el) + ' scrolls sideways (' + el.scrollWidth + ' px in ' + el.clientWidth + ' px)');
  for (const box of document.querySelectorAll('.card, td, th, figcaption, p, li, h1, h2')) {
    const r = box.getBoundingClientRect();
    for (const el of box.querySelectorAll('*')) {
      const q = el.getBoundingClientRect();
      if (q.width > 0 && q.right > r.right + 1) { out.push(name(el) + ' "' + text(el) + '" runs out of ' + name(box)); break; }
    }
    if (box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== 'visible') out.push(name(box) + ' "' + text(box) + '" is clipped');
  }
  for (const svg of document.querySelectorAll('svg')) {
    const sb = svg.getBoundingClientRect(), id = name(svg.parentElement || svg);
    const ts = [...svg.querySelectorAll('text')].map(t => ({s: text(t), r: t.getBoundingClientRect()})).filter(t => t.s && t.r.width > 0);
    for (const t of ts)
      if (t.r.right > sb.right + 1 || t.r.left < sb.left - 1 || t.r.bottom > sb.bottom + 1 || t.r.top < sb.top - 1)
        out.push(id + ': "' + t.s + '" runs out of its plot');
    for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) {
      const a = ts[i].r, b = ts[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 2 && h > 0.3 * Math.min(a.height, b.height)) out.push(id + ': "' + ts[i].s + '" is printed over "' + ts[j].s + '"');
    }
  }
  return out;
})()`
