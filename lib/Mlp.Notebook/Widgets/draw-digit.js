// Draw a digit: the network's forward pass in the page (no kernel round trip). Mlp.Notebook/Widgets/DrawDigit.cs
// writes the markup, the weights (little-endian float32, base64) and this script with __ID__ replaced.
(function (root) {
  if (!root || root.mlpDigit) return;               // a re-rendered output runs its script again
  var data = JSON.parse(root.querySelector('script.mlp-widget-data').textContent);
  var text = __TEXT__;                               // the labels in the notebook's language (Strings.resx)
  function T(key) { var a = arguments; return text[key].replace(/\{(\d)\}/g, function (m, i) { return a[+i + 1]; }); }
  var nIn = data.inputs, nHidden = data.hidden, nOut = data.outputs;

  // W1 (inputs×hidden), b1 (hidden), W2 (hidden×outputs), b2 (outputs), row-major as in Matrix<T>.Data.
  var bytes = Uint8Array.from(atob(data.weights), function (c) { return c.charCodeAt(0); });
  var view = new DataView(bytes.buffer), offset = 0;
  function take(n) { var a = new Float64Array(n); for (var i = 0; i < n; i++, offset += 4) a[i] = view.getFloat32(offset, true); return a; }
  var W1 = take(nIn * nHidden), b1 = take(nHidden), W2 = take(nHidden * nOut), b2 = take(nOut);

  function sigmoid(z) { return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)); }

  // The lesson's forward pass for one image x (784 values in [0, 1]):
  // z1 = x·W1 + b1, a1 = σ(z1), z2 = a1·W2 + b2, a2 = softmax(z2).
  function forward(x) {
    var z1 = Float64Array.from(b1), a1 = new Float64Array(nHidden), z2 = Float64Array.from(b2), a2 = new Array(nOut);
    for (var i = 0; i < nIn; i++) {
      var xi = x[i]; if (xi === 0) continue;
      for (var j = 0, row = i * nHidden; j < nHidden; j++) z1[j] += xi * W1[row + j];
    }
    for (var j = 0; j < nHidden; j++) a1[j] = sigmoid(z1[j]);
    for (var j = 0; j < nHidden; j++)
      for (var k = 0, row = j * nOut; k < nOut; k++) z2[k] += a1[j] * W2[row + k];
    var max = Math.max.apply(null, z2), sum = 0;
    for (var k = 0; k < nOut; k++) { a2[k] = Math.exp(z2[k] - max); sum += a2[k]; }
    for (var k = 0; k < nOut; k++) a2[k] /= sum;
    return a2;
  }

  // MNIST's preparation of a drawing: the ink's bounding box scaled to fit a 20×20 box (keeping its shape,
  // averaging the pixels that fall into each small pixel), then placed in 28×28 with its centre of mass
  // at the centre. Returns 784 values in [0, 1] (0 = background).
  function toMnist(ink, size) {
    var x0 = size, y0 = size, x1 = -1, y1 = -1;
    for (var y = 0; y < size; y++)
      for (var x = 0; x < size; x++)
        if (ink[y * size + x] > 0) { if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y; }
    var out = new Array(784).fill(0);
    if (x1 < 0) return out;
    var w = x1 - x0 + 1, h = y1 - y0 + 1, scale = 20 / Math.max(w, h);
    var tw = Math.max(1, Math.round(w * scale)), th = Math.max(1, Math.round(h * scale));
    var sum = new Float64Array(tw * th), count = new Float64Array(tw * th);
    for (var y = y0; y <= y1; y++) {
      var ty = Math.min(th - 1, Math.floor((y - y0 + 0.5) * th / h));
      for (var x = x0; x <= x1; x++) {
        var tx = Math.min(tw - 1, Math.floor((x - x0 + 0.5) * tw / w)), t = ty * tw + tx;
        sum[t] += ink[y * size + x]; count[t] += 1;
      }
    }
    var mass = 0, cx = 0, cy = 0;
    for (var ty = 0; ty < th; ty++)
      for (var tx = 0; tx < tw; tx++) {
        var v = count[ty * tw + tx] ? sum[ty * tw + tx] / count[ty * tw + tx] : 0;
        sum[ty * tw + tx] = v; mass += v; cx += (tx + 0.5) * v; cy += (ty + 0.5) * v;
      }
    var ox = Math.min(28 - tw, Math.max(0, Math.round(14 - cx / mass)));
    var oy = Math.min(28 - th, Math.max(0, Math.round(14 - cy / mass)));
    for (var ty = 0; ty < th; ty++)
      for (var tx = 0; tx < tw; tx++) out[(ty + oy) * 28 + tx + ox] = Math.min(1, sum[ty * tw + tx]);
    return out;
  }

  var pad = root.querySelector('canvas.pad'), seen = root.querySelector('canvas.seen');
  var answer = root.querySelector('.answer'), bars = root.querySelectorAll('.bar'), values = root.querySelectorAll('.value');
  var ctx = pad.getContext('2d', { willReadFrequently: true }), seenCtx = seen.getContext('2d');
  var last = null, shown = null;

  function showInput(x) {
    var image = seenCtx.createImageData(28, 28);
    for (var i = 0; i < 784; i++) {
      var v = Math.round(255 * (1 - Math.min(1, Math.max(0, x[i]))));  // ink dark on white, as DigitImage draws it
      image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = v; image.data[4 * i + 3] = 255;
    }
    seenCtx.putImageData(image, 0, 0);
  }

  function showProbabilities(p) {
    shown = p;
    var best = p ? p.indexOf(Math.max.apply(null, p)) : -1;
    for (var k = 0; k < bars.length; k++) {
      var v = p ? p[k] : 0;
      bars[k].style.height = (100 * v).toFixed(2) + '%';
      bars[k].style.background = k === best ? '#ff7f0e' : '#1f77b4';
      bars[k].setAttribute('data-p', p ? String(v) : '');
      values[k].textContent = p ? (100 * v).toFixed(v >= 0.995 || v < 0.001 ? 0 : 1) + '%' : '';
    }
    answer.textContent = p ? T('says', best, (100 * p[best]).toFixed(1)) : T('empty');
  }

  // The page-level input path (also used by the tests): 784 pixel values in [0, 1] in, the ten probabilities out, shown.
  function predict(pixels) {
    if (!pixels || pixels.length !== nIn) throw new Error('predict needs ' + nIn + ' pixel values, got ' + (pixels && pixels.length));
    last = Array.from(pixels, Number);
    showInput(last);
    var p = forward(last);
    showProbabilities(p);
    return p;
  }

  function update() {
    var rgba = ctx.getImageData(0, 0, pad.width, pad.height).data, ink = new Float64Array(pad.width * pad.height), any = false;
    for (var i = 0; i < ink.length; i++) { ink[i] = rgba[4 * i + 3] / 255; if (ink[i] > 0) any = true; }
    if (!any) { clear(); return; }
    predict(toMnist(ink, pad.width));
  }

  var pending = false;
  function scheduleUpdate() { if (!pending) { pending = true; requestAnimationFrame(function () { pending = false; update(); }); } }

  function clear() {
    ctx.clearRect(0, 0, pad.width, pad.height);
    last = null; showInput(new Array(784).fill(0)); showProbabilities(null);
  }

  // Pointer events: mouse, pen and finger alike.
  var drawing = null;
  function point(e) {
    var r = pad.getBoundingClientRect();
    return { x: (e.clientX - r.left) * pad.width / r.width, y: (e.clientY - r.top) * pad.height / r.height };
  }
  ctx.lineCap = 'round'; ctx.lineJoin = 'round'; ctx.strokeStyle = '#000';
  ctx.lineWidth = pad.width / 13;
  pad.addEventListener('pointerdown', function (e) {
    e.preventDefault(); pad.setPointerCapture(e.pointerId); drawing = point(e);
    ctx.beginPath(); ctx.arc(drawing.x, drawing.y, ctx.lineWidth / 2, 0, 2 * Math.PI); ctx.fillStyle = '#000'; ctx.fill();
    scheduleUpdate();
  });
  pad.addEventListener('pointermove', function (e) {
    if (!drawing) return;
    var p = point(e);
    ctx.beginPath(); ctx.moveTo(drawing.x, drawing.y); ctx.lineTo(p.x, p.y); ctx.stroke();
    drawing = p; scheduleUpdate();
  });
  function end() { if (drawing) { drawing = null; scheduleUpdate(); } }
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  root.querySelector('button.clear').addEventListener('click', clear);

  root.mlpDigit = {
    predict: predict,                               // pixels (784 values in [0, 1]) → probabilities, shown on the page
    forward: forward,                               // the same without showing
    input: function () { return last; },            // what the network saw last (784 values), or null
    probabilities: function () { return shown; },   // what the bars show, or null
    clear: clear,
  };
  clear();
})(document.getElementById('__ID__'));
