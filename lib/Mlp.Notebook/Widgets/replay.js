// Replay the learning: one snapshot per epoch, shown by a slider. Mlp.Notebook/Widgets/TrainingReplay.cs writes
// the markup, the snapshots (JSON) and this script with __ID__ replaced.
(function (root) {
  if (!root || root.mlpReplayStarted) return;       // a re-rendered output runs its script again
  root.mlpReplayStarted = true;
  var data = JSON.parse(root.querySelector('script.mlp-widget-data').textContent);
  var text = __TEXT__;                               // the labels in the notebook's language (Strings.resx)
  function T(key) { var a = arguments; return text[key].replace(/\{(\d)\}/g, function (m, i) { return a[+i + 1]; }); }

  // The weight images and digits are bytes, zlib-compressed and base64-encoded.
  function inflate(base64) {
    var bytes = Uint8Array.from(atob(base64), function (c) { return c.charCodeAt(0); });
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }
  if (typeof DecompressionStream === 'undefined') {
    root.querySelector('.status').textContent = T('noDecompression');
    return;
  }
  Promise.all([inflate(data.pixels), inflate(data.weights)]).then(function (levels) { start(levels[0], levels[1]); });

  function start(pixels, weights) {
  var count = data.epochs.length, nUnits = data.units.length, nDigits = data.digits.length;

  // A weight w in [−max, max] as white → red (w > 0) or white → blue (w < 0); v = w/max in [−1, 1].
  function colour(v) {
    var t = Math.round(255 * (1 - Math.abs(v)));
    return v >= 0 ? [255, t, t] : [t, t, 255];
  }

  function cell(parent) {
    var box = document.createElement('div'); box.style.textAlign = 'center';
    var canvas = document.createElement('canvas'); canvas.width = 28; canvas.height = 28;
    canvas.style.cssText = 'width:120px;height:120px;image-rendering:pixelated;border:1px solid #ddd';
    var caption = document.createElement('div'); caption.style.cssText = 'font-size:14px;white-space:nowrap;overflow:hidden';
    box.appendChild(canvas); box.appendChild(caption); parent.appendChild(box);
    return { canvas: canvas, caption: caption };
  }

  var units = [], digits = [];
  for (var u = 0; u < nUnits; u++) units.push(cell(root.querySelector('.units')));
  for (var d = 0; d < nDigits; d++) {
    var c = cell(root.querySelector('.digits')), image = c.canvas.getContext('2d').createImageData(28, 28);
    for (var p = 0; p < 784; p++) {
      var g = 255 - pixels[d * 784 + p];   // ink dark on white
      image.data.set([g, g, g, 255], 4 * p);
    }
    c.canvas.getContext('2d').putImageData(image, 0, 0);
    digits.push(c);
  }

  var curves = root.querySelector('canvas.curves'), slider = root.querySelector('input.slider');
  var status = root.querySelector('.status'), play = root.querySelector('button.play');
  var maxLoss = Math.max.apply(null, data.loss.filter(function (l) { return l !== null; }).concat([0.1]));

  function drawCurves(i) {
    var g = curves.getContext('2d'), W = curves.width, H = curves.height, left = 52, right = 52, top = 12, bottom = 30;
    g.clearRect(0, 0, W, H);
    function x(k) { return left + (W - left - right) * (count > 1 ? k / (count - 1) : 0); }
    function yLoss(l) { return top + (H - top - bottom) * (1 - l / maxLoss); }
    function yAcc(a) { return top + (H - top - bottom) * (1 - a); }
    g.strokeStyle = '#999'; g.lineWidth = 1; g.strokeRect(left, top, W - left - right, H - top - bottom);
    g.fillStyle = '#555'; g.font = '14px sans-serif';
    g.textAlign = 'right'; g.fillText(maxLoss.toFixed(2), left - 4, top + 12); g.fillText('0', left - 3, H - bottom);
    g.textAlign = 'left'; g.fillText('100%', W - right + 4, top + 12); g.fillText('0%', W - right + 3, H - bottom);
    g.textAlign = 'center'; g.fillText(T('epochAxis', data.epochs[0]), x(0), H - 6); g.fillText(String(data.epochs[count - 1]), x(count - 1), H - 8);
    function line(values, y, colour, upTo) {
      g.strokeStyle = colour; g.lineWidth = upTo === count - 1 && colour === '#ddd' ? 1 : 2; g.beginPath();
      var started = false;
      for (var k = 0; k <= upTo; k++) {
        if (values[k] === null) continue;
        if (started) g.lineTo(x(k), y(values[k])); else { g.moveTo(x(k), y(values[k])); started = true; }
      }
      g.stroke();
      if (upTo >= 0 && values[upTo] !== null) { g.fillStyle = colour; g.beginPath(); g.arc(x(upTo), y(values[upTo]), 3, 0, 2 * Math.PI); g.fill(); }
    }
    line(data.loss, yLoss, '#ddd', count - 1); line(data.testAccuracy, yAcc, '#ddd', count - 1);    // the whole run, faint
    line(data.loss, yLoss, '#1f77b4', i); line(data.testAccuracy, yAcc, '#ff7f0e', i);              // so far
    g.textAlign = 'left'; g.fillStyle = '#1f77b4'; g.fillText(T('trainingLoss'), left + 4, H - bottom - 16);
    g.fillStyle = '#ff7f0e'; g.fillText(T('dataAccuracy', data.dataName), left + 4, H - bottom - 4);
  }

  function percent(v) { return v === null ? '–' : (100 * v).toFixed(2) + '%'; }

  function show(i) {
    i = Math.max(0, Math.min(count - 1, Math.round(i)));
    slider.value = String(i);
    var loss = data.loss[i];
    status.textContent = T('status', data.epochs[i], data.epochs[count - 1], loss === null ? T('notTrained') : loss.toFixed(4), data.dataName, percent(data.testAccuracy[i]));
    drawCurves(i);
    var frame = i * nUnits * 784;
    for (var u = 0; u < nUnits; u++) {
      var g = units[u].canvas.getContext('2d'), image = g.createImageData(28, 28);
      for (var p = 0; p < 784; p++) image.data.set(colour((weights[frame + u * 784 + p] - 31) / 31).concat([255]), 4 * p);
      g.putImageData(image, 0, 0);
      units[u].caption.textContent = '#' + data.units[u] + ' ±' + data.scales[i][u].toFixed(2);
      units[u].caption.title = T('unitTitle', data.units[u], data.scales[i][u]);
    }
    for (var d = 0; d < nDigits; d++) {
      var said = data.predicted[i][d], right = said === data.labels[d];
      digits[d].caption.textContent = said + ' (' + (data.confidence[i][d] / 10).toFixed(0) + '%)';
      digits[d].caption.title = T('digitTitle', data.dataName, data.digits[d], data.labels[d], said);
      digits[d].caption.style.color = right ? '#2a7d2a' : '#c62828';
      digits[d].caption.setAttribute('data-said', String(said));
    }
    root.setAttribute('data-shown', String(i));
    return i;
  }

  var timer = null;
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = T('play'); }
  play.addEventListener('click', function () {
    if (timer) { stop(); return; }
    if (Number(slider.value) >= count - 1) show(0);
    play.textContent = T('pause');
    timer = setInterval(function () { if (Number(slider.value) >= count - 1) stop(); else show(Number(slider.value) + 1); }, 700);
  });
  slider.addEventListener('input', function () { stop(); show(Number(slider.value)); });

  show(count - 1);
  root.mlpReplay = { show: show, count: count, shown: function () { return Number(slider.value); } };
  }
})(document.getElementById('__ID__'));
