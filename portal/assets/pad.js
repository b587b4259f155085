// The signature pad: draw with a finger, pen or mouse (Pointer Events
// cover all three), undo the last stroke, clear, and export the drawing
// as the PNG the API takes in signature.drawn_png. Written here rather
// than taken from a library: the few dozen lines below are all a pad
// needs, and the page loads nothing it does not ship.

import { el } from './dom.js';

/** Canvas size in pixels: the PNG's size (the API takes up to 2000 x 1000). */
const W = 600;
const H = 200;

/**
 * Makes a signature pad; onChange is called after each stroke, undo or
 * clear. describedBy names the element that says what the pad is for.
 */
export function signaturePad(id, onChange, describedBy) {
  const strokes = [];
  let current = null;
  const canvas = el('canvas', {
    id, width: W, height: H, class: 'pad', role: 'img',
    'aria-label': 'Signature pad: draw your signature with a finger, pen or mouse. Drawing is optional; your typed name is your signature.',
    'aria-describedby': describedBy,
  });
  const ctx = canvas.getContext('2d');
  const status = el('p', { class: 'pad-status', 'aria-live': 'polite' }, 'Nothing drawn yet.');

  const redraw = () => {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, W, H);
    ctx.strokeStyle = '#1a237e';
    ctx.lineWidth = 3;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    for (const s of strokes) {
      ctx.beginPath();
      s.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
      if (s.length === 1) ctx.lineTo(s[0][0] + 0.5, s[0][1] + 0.5);
      ctx.stroke();
    }
    status.textContent = strokes.length ? `Signature drawn (${strokes.length} stroke${strokes.length > 1 ? 's' : ''}).` : 'Nothing drawn yet.';
  };
  const point = (e) => {
    const r = canvas.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * W, ((e.clientY - r.top) / r.height) * H];
  };
  canvas.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    current = [point(e)];
    strokes.push(current);
    redraw();
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!current) return;
    current.push(point(e));
    redraw();
  });
  const end = () => {
    if (!current) return;
    current = null;
    onChange();
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);

  const undo = el('button', { type: 'button', class: 'secondary', onclick: () => { strokes.pop(); redraw(); onChange(); } }, 'Undo last stroke');
  const clear = el('button', { type: 'button', class: 'secondary', onclick: () => { strokes.length = 0; redraw(); onChange(); } }, 'Clear drawing');
  redraw();
  return {
    node: el('div', { class: 'pad-wrap' }, canvas, el('div', { class: 'pad-buttons' }, undo, clear), status),
    /** The drawing as base64 PNG, or undefined when nothing is drawn. */
    png() {
      if (!strokes.length) return undefined;
      return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
    },
  };
}
