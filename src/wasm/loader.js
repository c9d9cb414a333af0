/* parley live what-if: the loader of the interactive report (docs/report.md,
 * "Try it").  It instantiates the WebAssembly module embedded in the page
 * (src/wasm/entry.c, base64 in a non-executed <script> block), reads the
 * scenario embedded as parley JSON, builds the "Try it" panel and reruns
 * every chosen model on each change.  The page's Content-Security-Policy
 * allows this script by its SHA-256 (computed at build time) and nothing
 * else.  Under node (no document) it only exports the engine, so that the
 * parity test (tests/wasm/parity.js) runs this very code.
 * SPDX-License-Identifier: MIT */
(function () {
  'use strict';

  /* The WASI imports of the standalone module: nothing is read or written. */
  function wasiImports(memory) {
    var view = function () { return new DataView(memory().buffer); };
    return {
      proc_exit: function (code) { throw new Error('parley module exited with ' + code); },
      environ_sizes_get: function (count, size) {
        view().setUint32(count, 0, true);
        view().setUint32(size, 0, true);
        return 0;
      },
      environ_get: function () { return 0; },
      fd_close: function () { return 0; },
      fd_seek: function () { return 70; },
      fd_write: function (fd, iov, n, written) {
        var v = view(), total = 0;
        for (var k = 0; k < n; ++k) total += v.getUint32(iov + 8 * k + 4, true);
        v.setUint32(written, total, true);
        return 0;
      }
    };
  }

  function Engine(exports) { this.x = exports; }

  /* Instantiates the module's bytes; resolves to an Engine. */
  function load(bytes) {
    var memory = null;
    var imports = { wasi_snapshot_preview1: wasiImports(function () { return memory; }),
                    env: { emscripten_notify_memory_growth: function () {} } };
    return WebAssembly.instantiate(bytes, imports).then(function (r) {
      var x = r.instance.exports;
      memory = x.memory;
      if (x._initialize) x._initialize();
      return new Engine(x);
    });
  }

  /* Copies a typed array into the module's memory; returns the address. */
  Engine.prototype.put = function (arr) {
    var p = this.x.parley_wasm_alloc(arr.byteLength);
    new Uint8Array(this.x.memory.buffer, p, arr.byteLength)
      .set(new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength));
    return p;
  };

  /* Runs models (array of names) with params ("MODEL.KEY=VALUE" texts) on
   * the arrays a (toArrays) with seed (below 2^53; default 0).  Returns
   * per issue an array of the models'
   * forecasts followed by the combined forecast (NaN: did not run).  With
   * view (viewOf), result.view holds the parts of the report that the page
   * redraws, as the native report writes them (src/wasm/entry.c,
   * parley_wasm_view): the forecast table, then per issue the combined
   * forecast in words and the landing chart. */
  Engine.prototype.forecast = function (a, models, params, seed, view) {
    var x = this.x, enc = new TextEncoder(), nm = models.length;
    var m = enc.encode(models.join(',') + '\0'), q = enc.encode((params || []).join(';') + '\0');
    var arrays = [a.position, a.salience, a.capability, a.present, a.lo, a.hi, a.hasSq, a.sq, m, q];
    if (view)
      arrays = arrays.concat([enc.encode(view.texts + '\0'), view.nLabels, view.labelAt, view.outcome,
                              view.score, new Uint32Array(2)]);
    var ptr = arrays.map(this.put, this);
    var outBytes = 8 * a.nIssues * (nm + 1), out = x.parley_wasm_alloc(outBytes);
    var msg = x.parley_wasm_alloc(512);
    seed = seed || 0;
    var args = [a.nActors, a.nIssues, ptr[0], ptr[1], ptr[2], ptr[3], ptr[4], ptr[5], ptr[6], ptr[7],
                ptr[8], ptr[9], Math.floor(seed / 4294967296), seed % 4294967296, out, msg, 512];
    var st = view ? x.parley_wasm_view.apply(null, args.concat([ptr[10], ptr[11], ptr[12], ptr[13],
                                                                view.combined ? 1 : 0, view.sqReplicates,
                                                                ptr[14], ptr[15]]))
                  : x.parley_wasm_forecast.apply(null, args);
    var result = null, error = null;
    if (st === 0) {
      var d = new Float64Array(x.memory.buffer.slice(out, out + outBytes));
      result = [];
      for (var i = 0; i < a.nIssues; ++i)
        result.push(Array.prototype.slice.call(d, i * (nm + 1), (i + 1) * (nm + 1)));
      if (view) {
        var w = new Uint32Array(x.memory.buffer, ptr[15], 2), at = w[0], len = w[1];
        result.view = new TextDecoder().decode(new Uint8Array(x.memory.buffer, at, len)).split('\x1e');
        x.parley_wasm_free(at);
      }
    } else {
      var b = new Uint8Array(x.memory.buffer, msg, 512), n = b.indexOf(0);
      error = new TextDecoder().decode(b.slice(0, n < 0 ? 512 : n));
    }
    ptr.concat([out, msg]).forEach(function (p) { x.parley_wasm_free(p); });
    if (error !== null) throw new Error(error);
    return result;
  };

  /* The issue texts parley_wasm_view takes for the state st: names, scale
   * labels and observed outcomes; combined: {sqReplicates, brier: [issues,
   * score, baseline]} when the report has "Where the talks land", else null. */
  function viewOf(st, combined) {
    var texts = st.issues.map(function (is) { return is.name; }), at = [];
    st.issues.forEach(function (is) {
      is.labels.forEach(function (l) { at.push(l[0]); texts.push(l[1]); });
    });
    if (texts.some(function (s) { return /[\x1e\x1f]/.test(s); })) return null;
    return { texts: texts.join('\x1f'),
             nLabels: new Uint32Array(st.issues.map(function (is) { return is.labels.length; })),
             labelAt: new Float64Array(at.length ? at : [0]),
             outcome: new Float64Array(st.issues.map(function (is) { return is.outcome; })),
             combined: !!combined, sqReplicates: combined ? combined.sq_replicates : 0,
             score: new Float64Array(combined ? combined.brier : [0, 0, 0]) };
  }

  function num(v) { return v !== null && typeof v === 'object' ? v.value : v; }

  /* The editable state of a parley JSON scenario (docs/scenario-format.md):
   * values in the file's units (saliences on its salience_scale). */
  function fromDoc(doc) {
    var st = { scale: doc.salience_scale, actors: [], issues: [], cells: [], dropped: [] };
    doc.issues.forEach(function (is) {
      var sc = is.scale || {};
      st.issues.push({ name: is.name, lo: sc.min === undefined ? 0 : sc.min,
                       hi: sc.max === undefined ? 100 : sc.max,
                       hasSq: is.status_quo !== undefined, sq: num(is.status_quo),
                       labels: (sc.labels || []).map(function (l) { return [num(l.at), l.label]; }),
                       outcome: is.outcome ? num(is.outcome.value) : NaN });
    });
    doc.actors.forEach(function (ac) {
      st.actors.push(ac.name);
      st.dropped.push(false);
      st.issues.forEach(function (is) {
        var v = ac.values[is.name];
        st.cells.push(v ? { present: true, position: num(v.position), salience: num(v.salience),
                            capability: num(v.capability !== undefined ? v.capability
                                                                         : ac.capability) }
                        : { present: false, position: 0, salience: 0, capability: 0 });
      });
    });
    return st;
  }

  function copyState(st) { return JSON.parse(JSON.stringify(st)); }

  /* The arrays parley_wasm_forecast takes (a dropped actor is absent). */
  function toArrays(st) {
    var na = st.actors.length, ni = st.issues.length, n = na * ni;
    var a = { nActors: na, nIssues: ni, position: new Float64Array(n), salience: new Float64Array(n),
              capability: new Float64Array(n), present: new Uint8Array(n),
              lo: new Float64Array(ni), hi: new Float64Array(ni), hasSq: new Uint8Array(ni),
              sq: new Float64Array(ni) };
    st.cells.forEach(function (c, k) {
      a.present[k] = c.present && !st.dropped[Math.floor(k / ni)] ? 1 : 0;
      a.position[k] = c.position;
      a.salience[k] = st.scale === 100 ? c.salience / 100 : c.salience;
      a.capability[k] = c.capability;
    });
    st.issues.forEach(function (is, i) {
      a.lo[i] = is.lo; a.hi[i] = is.hi; a.hasSq[i] = is.hasSq ? 1 : 0; a.sq[i] = is.hasSq ? is.sq : 0;
    });
    return a;
  }

  function setNum(obj, key, v) {
    if (obj[key] !== null && typeof obj[key] === 'object') obj[key].value = v; else obj[key] = v;
  }

  /* The scenario document with the edits of st (notes kept; dropped actors
   * removed; a changed capability written into the cell). */
  function toDoc(doc, st, what) {
    var out = JSON.parse(JSON.stringify(doc)), ni = st.issues.length;
    out.actors = out.actors.filter(function (ac, a) {
      st.issues.forEach(function (is, i) {
        var c = st.cells[a * ni + i], v = ac.values[is.name];
        if (!v) return;
        setNum(v, 'position', c.position);
        setNum(v, 'salience', c.salience);
        if (v.capability !== undefined) setNum(v, 'capability', c.capability);
        else if (num(ac.capability) !== c.capability) v.capability = c.capability;
      });
      return !st.dropped[a];
    });
    if (what) out._whatif = what;
    return out;
  }

  var api = { load: load, fromDoc: fromDoc, toArrays: toArrays, toDoc: toDoc, copyState: copyState,
              viewOf: viewOf };
  if (typeof document === 'undefined') {
    if (typeof module !== 'undefined') module.exports = api;
    return;
  }

  /* ---- the page ---- */

  /* Builds the panel for data (the report's models, parameters, seed and
   * scenario) and runs the module (its bytes). */
  function page(data, moduleBytes) {
    var panel = document.getElementById('tryit');
    var doc = data.scenario, base = fromDoc(doc), st = copyState(base);
    var ni = base.issues.length, na = base.actors.length;
    var chosen = {}, preset = {};
    data.chosen.forEach(function (m) { chosen[m] = true; });
    var engine = null, baseResult = null, baseModels = null, redraws = 0;
    /* the issues' texts for the redrawn parts (null: a text holds the
     * separator, so the page keeps the static parts) */
    var view = viewOf(base, data.combined);

    function el(tag, attrs, text) {
      var e = document.createElement(tag);
      for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = text;
      return e;
    }
    function fmt(v) { return isFinite(v) ? String(+v.toFixed(2)) : 'n/a'; }
    function signed(v) { return (v > 0 ? '+' : v < 0 ? '\u2212' : '\u00b1') + fmt(Math.abs(v)); }

    /* The chosen models: those of the report in its order (so that the
     * table's columns and the charts' colours are the report's), then the
     * others in the order of the panel. */
    function models() {
      return data.chosen.concat(data.models.map(function (m) { return m.name; }).filter(function (n) {
        return data.chosen.indexOf(n) < 0;
      })).filter(function (n) { return chosen[n]; });
    }
    /* The report's parameters of each model ("key=value, ..."), or the
     * preset chosen in the panel instead. */
    function params() {
      var out = [];
      models().forEach(function (n) {
        if (preset[n]) out.push(n + '.preset=' + preset[n]);
        else if (data.params[n]) data.params[n].split(', ').forEach(function (kv) { out.push(n + '.' + kv); });
      });
      return out;
    }

    /* Describes what the user changed against the base case. */
    function edits() {
      var out = [];
      Object.keys(preset).forEach(function (n) { if (preset[n]) out.push(n + ' preset ' + preset[n]); });
      st.actors.forEach(function (name, a) {
        if (st.dropped[a]) { out.push(name + ' dropped'); return; }
        st.issues.forEach(function (is, i) {
          var c = st.cells[a * ni + i], b = base.cells[a * ni + i];
          ['position', 'salience', 'capability'].forEach(function (f) {
            if (c[f] !== b[f]) out.push(name + ' ' + is.name + ' ' + f + ' ' + b[f] + ' \u2192 ' + c[f]);
          });
        });
      });
      return out;
    }

    function nearestLabel(is, v) {
      var best = null;
      is.labels.forEach(function (l) { if (!best || Math.abs(l[0] - v) < Math.abs(best[0] - v)) best = l; });
      return best;
    }

    /* Replaces the element old by the first element of the markup text
     * (parsed as the page's own markup is: SVG in the SVG namespace). */
    function replaceWith(old, text) {
      if (!old) return;
      var tpl = document.createElement('template');
      tpl.innerHTML = text;
      var fresh = tpl.content.firstElementChild;
      if (fresh) old.parentNode.replaceChild(fresh, old);
    }

    /* Redraws in place the report's forecast table and, per issue, the
     * combined forecast in words and the landing chart (parts: the view of
     * Engine.forecast). */
    function redraw(parts) {
      var table = document.getElementById('forecast-table');
      if (table) replaceWith(table.parentNode, parts[0]);
      if (!data.combined) return;
      st.issues.forEach(function (is, i) {
        var box = document.getElementById('landing-issue-' + (i + 1));
        if (!box) return;
        replaceWith(box.querySelector('p.fc'), parts[1 + 2 * i]);
        replaceWith(box.querySelector('svg'), parts[2 + 2 * i]);
      });
      redraws++;
      document.body.setAttribute('data-redraws', String(redraws));
    }

    /* Reruns the chosen models and updates every live number, the forecast
     * table and the landing charts in place. */
    function compute() {
      var ms = models(), t0 = performance.now(), res, error = null;
      if (!ms.length) error = 'choose at least one model';
      else try { res = engine.forecast(toArrays(st), ms, params(), data.seed, view); } catch (e) { error = e.message; }
      if (!error && res.view) redraw(res.view);
      var dt = performance.now() - t0;
      document.body.setAttribute('data-compute-ms', dt.toFixed(2));
      if (!baseResult && !error) { baseResult = res; baseModels = ms.join(','); }
      var sameModels = baseModels === ms.join(','), changes = edits();
      st.issues.forEach(function (is, i) {
        var box = document.getElementById('tryit-result-' + i);
        box.textContent = '';
        if (error) { box.appendChild(el('p', {}, 'The models could not run: ' + error)); return; }
        var dl = el('dl', { 'class': 'live' });
        ms.concat(['combined']).forEach(function (m, k) {
          var v = res[i][k];
          dl.appendChild(el('dt', {}, m === 'combined' ? 'combined (median of the models)' : m));
          var dd = el('dd');
          var span = el('span', { 'data-live-forecast': is.name + '/' + m, 'data-value': String(v) }, fmt(v));
          dd.appendChild(span);
          dl.appendChild(dd);
        });
        box.appendChild(dl);
        var words = [];
        if (sameModels) {
          ms.concat(['combined']).forEach(function (m, k) {
            var b = baseResult[i][k], v = res[i][k];
            if (isFinite(b) && isFinite(v) && b !== v)
              words.push(m + ' ' + fmt(b) + ' \u2192 ' + fmt(v) + ' (' + signed(v - b) + ')');
            else if (isFinite(b) !== isFinite(v)) words.push(m + ' ' + fmt(b) + ' \u2192 ' + fmt(v));
          });
        }
        var line = !changes.length && sameModels ? 'Base case: nothing changed.'
          : !sameModels ? 'Other models than the base case; changes: ' + (changes.join('; ') || 'none') + '.'
          : (changes.length ? 'Changed: ' + changes.join('; ') + '. ' : '') +
            (words.length ? 'Against the base case: ' + words.join('; ') + '.' : 'No forecast on this issue moved.');
        var c = res[i][ms.length], lab = nearestLabel(is, c);
        if (isFinite(c) && lab) line += ' The combined forecast ' + fmt(c) + ' is nearest the labelled point ' + lab[0] + ' = \u201c' + lab[1] + '\u201d.';
        document.getElementById('tryit-change-' + i).textContent = line;
      });
    }

    function syncInputs() {
      st.issues.forEach(function (is, i) {
        st.actors.forEach(function (name, a) {
          var c = st.cells[a * ni + i];
          if (!c.present) return;
          ['position', 'salience', 'capability'].forEach(function (f) {
            var inp = document.getElementById('tryit-' + f + '-' + i + '-' + a);
            inp.value = c[f];
            document.getElementById('tryit-' + f + '-' + i + '-' + a + '-out').textContent = fmt(c[f]);
          });
          document.getElementById('tryit-drop-' + i + '-' + a).checked = st.dropped[a];
        });
      });
    }

    var capMax = 0;
    base.cells.forEach(function (c) { if (c.present && c.capability > capMax) capMax = c.capability; });
    capMax = capMax > 0 ? capMax * 2 : 1;

    function slider(i, a, f, min, max, label) {
      var id = 'tryit-' + f + '-' + i + '-' + a;
      var td = el('td');
      td.appendChild(el('label', { 'for': id, 'class': 'sr' }, label));
      var inp = el('input', { type: 'range', id: id, min: String(min), max: String(max), step: 'any' });
      inp.addEventListener('input', function () {
        st.cells[a * ni + i][f] = parseFloat(inp.value);
        document.getElementById(id + '-out').textContent = fmt(parseFloat(inp.value));
        compute();
      });
      td.appendChild(inp);
      td.appendChild(el('output', { id: id + '-out', 'for': id }));
      return td;
    }

    function build() {
      panel.textContent = '';
      panel.appendChild(el('h2', {}, 'Try it: change the inputs'));
      panel.appendChild(el('p', {}, 'Move an actor\u2019s position, salience or capability, or drop an actor ' +
        'from the talks, and every chosen model and the combined forecast run again in this page ' +
        '(the same C code as the parley command line, compiled to WebAssembly; nothing leaves the page). ' +
        'The arrow keys move a focused slider. Salience is on the scenario\u2019s own scale (0\u2013' +
        base.scale + ').'));
      var fs = el('fieldset');
      fs.appendChild(el('legend', {}, 'Models'));
      data.models.forEach(function (m) {
        var id = 'tryit-model-' + m.name;
        var box = el('input', { type: 'checkbox', id: id });
        box.checked = !!chosen[m.name];
        box.addEventListener('change', function () { chosen[m.name] = box.checked; compute(); });
        var span = el('span', { 'class': 'model' });
        span.appendChild(box);
        span.appendChild(el('label', { 'for': id }, m.name + ' (' + m.title + ')'));
        if (m.presets.length) {
          var sid = id + '-preset', sel = el('select', { id: sid });
          span.appendChild(el('label', { 'for': sid, 'class': 'sr' }, m.name + ' preset'));
          sel.appendChild(el('option', { value: '' }, 'parameters of the report'));
          m.presets.forEach(function (p) { sel.appendChild(el('option', { value: p }, 'preset ' + p)); });
          sel.addEventListener('change', function () { preset[m.name] = sel.value; compute(); });
          span.appendChild(sel);
        }
        fs.appendChild(span);
      });
      panel.appendChild(fs);
      var bar = el('p');
      var reset = el('button', { type: 'button', id: 'tryit-reset' }, 'Reset to the base case');
      reset.addEventListener('click', function () { st = copyState(base); syncInputs(); compute(); });
      var save = el('button', { type: 'button', id: 'tryit-save' }, 'Save scenario (parley JSON)');
      save.addEventListener('click', function () {
        var what = edits();
        var text = JSON.stringify(toDoc(doc, st, what.length ? 'edited in the report\u2019s Try it panel: ' + what.join('; ') : undefined), null, 2) + '\n';
        var a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'application/json' })),
                          download: 'scenario-edited.json' });
        document.body.appendChild(a);
        a.click();
        document.body.removeChild(a);
      });
      bar.appendChild(reset);
      bar.appendChild(document.createTextNode(' '));
      bar.appendChild(save);
      panel.appendChild(bar);
      st.issues.forEach(function (is, i) {
        var sec = el('section', { 'class': 'issue', id: 'tryit-issue-' + i });
        sec.appendChild(el('h3', {}, (i + 1) + '. ' + is.name));
        var t = el('table', { 'class': 'tryit' });
        var head = el('tr');
        ['Actor', 'Position (' + is.lo + '\u2013' + is.hi + ')', 'Salience', 'Capability', 'Drop']
          .forEach(function (h) { head.appendChild(el('th', { scope: 'col' }, h)); });
        t.appendChild(head);
        st.actors.forEach(function (name, a) {
          var c = st.cells[a * ni + i];
          if (!c.present) return;
          var tr = el('tr');
          tr.appendChild(el('th', { scope: 'row' }, name));
          tr.appendChild(slider(i, a, 'position', is.lo, is.hi, name + ' position on ' + is.name));
          tr.appendChild(slider(i, a, 'salience', 0, base.scale, name + ' salience on ' + is.name));
          tr.appendChild(slider(i, a, 'capability', 0, capMax, name + ' capability on ' + is.name));
          var td = el('td'), id = 'tryit-drop-' + i + '-' + a;
          var box = el('input', { type: 'checkbox', id: id });
          box.addEventListener('change', function () { st.dropped[a] = box.checked; syncInputs(); compute(); });
          td.appendChild(box);
          td.appendChild(el('label', { 'for': id }, 'drop ' + name + ' (every issue)'));
          tr.appendChild(td);
          t.appendChild(tr);
        });
        sec.appendChild(t);
        sec.appendChild(el('div', { id: 'tryit-result-' + i }));
        sec.appendChild(el('p', { id: 'tryit-change-' + i, 'aria-live': 'polite' }));
        panel.appendChild(sec);
      });
      var nav = document.querySelector('header nav ul');
      if (nav) {
        var li = el('li'), link = el('a', { href: '#tryit' }, 'Try it');
        li.appendChild(link);
        nav.insertBefore(li, nav.firstChild);
      }
      panel.hidden = false;
      syncInputs();
    }
    load(moduleBytes).then(function (e) {
      engine = e;
      build();
      compute();
      document.body.setAttribute('data-parley-ready', '1');
    });
  }

  /* The data and the module are embedded gzipped in base 85
   * (src/report/html.c, base85 and gzip; the module gzipped by
   * cmake/embed_wasm.cmake): decoded here, inflated by the browser's
   * DecompressionStream, no request made.  A browser without it (before
   * Chromium 80, Firefox 113, Safari 16.4) shows the static report. */
  if (typeof DecompressionStream === 'undefined') return;
  var digits = '!#$%()*+,.0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_abcdefghijklmnopqrstuvwxyz{|}~';
  var value = new Uint8Array(128);
  for (var d = 0; d < 85; ++d) value[digits.charCodeAt(d)] = d;
  function unpack(id) {
    var text = document.getElementById(id).textContent.replace(/\s+/g, '');
    var whole = Math.floor(text.length / 5), rest = text.length % 5;
    var bytes = new Uint8Array(whole * 4 + (rest ? rest - 1 : 0));
    for (var g = 0; g * 5 < text.length; ++g) {
      var v = 0, j;
      for (j = 0; j < 5; ++j) v = v * 85 + (g * 5 + j < text.length ? value[text.charCodeAt(g * 5 + j) & 127] : 84);
      for (j = 0; j < 4 && g * 4 + j < bytes.length; ++j) bytes[g * 4 + j] = Math.floor(v / Math.pow(256, 3 - j)) % 256;
    }
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer();
  }
  Promise.all([unpack('parley-live-data'), unpack('parley-live-module')]).then(function (r) {
    page(JSON.parse(new TextDecoder().decode(r[0])), r[1]);
  });
})();
