// Search that finds the entry a reader typed. Material's search runs in a worker; this
// script adjusts each query on its way there:
// - a query that ends in a separator ("bpf-") is answered for the words before it (an
//   empty last word would match every word of the index and stall the search);
// - a query that is a name of an entry, written in any case and with or without its
//   hyphens, underscores or spaces ("nodeport", "node port", "sr-iov"), asks for that
//   entry's name tag as well, so the entry comes first;
// - a partly typed name ("vxl") asks for the shortest name that starts so;
// - a near miss ("wiregaurd", "vxaln") asks for the closest name, so the entry is found.
// The names come from summaries.js: {id: [name, summary, [name as one word, ...]]}.
// The worker answers one query at a time, and Material sends one per keystroke: while a
// query is being answered only the newest of those typed meanwhile waits, the others are
// dropped, so the list shows the whole query as soon as one answer later, not after the
// worker has worked through every keystroke (on a slow 2-core machine that lag was 1-3 s,
// and Enter opened the entry of a word typed earlier).
(function () {
  "use strict";
  var QUERY = 2; // Material's worker message: a query to answer
  var entries = window.nvdSummaries || {};
  var names = Object.create(null);
  Object.keys(entries).forEach(function (id) {
    (entries[id][2] || []).forEach(function (key) { names[key] = id; });
  });
  var keys = Object.keys(names);

  function joined(text) {
    return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  }

  // Edit distance with transpositions, giving up beyond `limit`.
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var rows = [];
    for (var i = 0; i <= a.length; i++) {
      rows.push([i]);
      var best = i;
      for (var j = 1; j <= b.length; j++) {
        if (i === 0) { rows[0].push(j); continue; }
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i].push(d);
        if (d < best) best = d;
      }
      if (i > 0 && best > limit) return limit + 1;
    }
    return rows[a.length][b.length];
  }

  function closest(key) {
    var limit = key.length >= 8 ? 2 : 1;
    var found = null, best = limit + 1;
    for (var i = 0; i < keys.length; i++) {
      var d = distance(key, keys[i], limit);
      if (d < best || (d === best && found !== null && keys[i].length < found.length)) { best = d; found = keys[i]; }
    }
    return best <= limit ? found : null;
  }

  // Material asks for every word with a trailing wildcard; a last word of one character
  // ("generic r" while typing "receive") then matches almost every word of the index, the
  // slowest query there is (0.5 to 1.4 s on a 2-core machine, against 15 to 120 ms for
  // others). Such a word is asked for as written instead (a boost keeps Material from adding
  // the wildcard), and the name tags below still complete it; a query of one character finds
  // the entries whose names start with it.
  function unfinished(text) {
    if (/^[\p{L}\p{N}]$/u.test(text)) return "tags:" + text.toLowerCase(); // the names that start so
    return text.replace(/(^|\s)([\p{L}\p{N}])$/u, "$1$2^1");
  }

  function adjust(query) {
    var text = query.replace(/[\s\-_,:!=\[\]()"`\/.]+$/u, "");
    var key = joined(text);
    var words = unfinished(text);
    if (!key) return text;
    if (names[key]) return words + " tags:" + key + "^100";
    // While typing ("vxl"): the shortest name that starts so.
    var started = keys.filter(function (k) { return k.lastIndexOf(key, 0) === 0; });
    if (started.length) {
      if (key.length < 3) return words;
      started.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); });
      return words + " tags:" + started[0] + "^100";
    }
    if (key.length < 4) return words;
    var near = closest(key);
    return near ? words + " tags:" + near + "^100" : words;
  }

  window.nvdAdjustQuery = adjust;
  var RESULT = 3; // the worker's answer to a query (one for every query, even a failed one)
  var STUCK_MS = 2000; // an answer this late is not waited for any more
  var states = new WeakMap();

  function state(worker) {
    var found = states.get(worker);
    if (found) return found;
    found = { busy: false, since: 0, waiting: null };
    states.set(worker, found);
    worker.addEventListener("message", function (event) {
      if (!event.data || event.data.type !== RESULT) return;
      found.busy = false;
      if (found.waiting) {
        var next = found.waiting;
        found.waiting = null;
        send(worker, found, next);
      }
    });
    return found;
  }

  function send(worker, found, message) {
    found.busy = true;
    found.since = Date.now();
    post.call(worker, message);
  }

  var post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message) {
    if (!(message && message.type === QUERY && typeof message.data === "string")) {
      return post.apply(this, arguments);
    }
    var found = state(this);
    var adjusted = { type: QUERY, data: adjust(message.data) };
    if (found.busy && Date.now() - found.since < STUCK_MS) {
      found.waiting = adjusted; // replaces a query typed since, never answered now
      return;
    }
    send(this, found, adjusted);
  };
})();
