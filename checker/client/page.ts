// The page the learner's public/client.js runs in: plain JavaScript evaluated inside the
// QuickJS engine (engine.ts) before the learner's file, never in Node. It models only what
// the lesson's client files use: window, document (getElementById, querySelector, forms,
// addEventListener), console, jQuery's $ (ready, chained .text/.html/.append, $('<li>'),
// .submit) and `io()`, with freeCodeCamp's chat page elements (#num-users, #messages, the
// form and #m). Nothing here can reach the kit: the engine gives it no host function. The
// kit drives it through the four functions of `__kit` (taken, then deleted from the global,
// before the learner's code runs), with JSON text both ways.

export const PAGE_PRELUDE = String.raw`
(function () {
  'use strict';
  var G = globalThis;
  var stringify = JSON.stringify, parse = JSON.parse;
  var MAX_TIMERS = 100, MAX_SOCKETS = 3, MAX_KEPT = 20;
  var state = { ready: [], timers: [], timerId: 1, clock: 0, sockets: [], errors: [], logs: 0, emits: 0, loaded: false };

  function lineOf(err) {
    if (err && typeof err.lineNumber === 'number') return err.lineNumber;
    var m = /client\.js:(\d+)/.exec(String(err && err.stack));
    return m ? Number(m[1]) : null;
  }
  function describe(err) {
    try {
      if (err instanceof Error) return { name: String(err.name), message: String(err.message).slice(0, 300), line: lineOf(err) };
      return { name: 'throw', message: String(err).slice(0, 300), line: null };
    } catch (e) {
      return { name: 'throw', message: '?', line: null };
    }
  }
  function guard(where, fn, self, args) {
    try {
      fn.apply(self, args || []);
      return null;
    } catch (err) {
      var d = describe(err);
      d.where = where;
      if (state.errors.length < MAX_KEPT) state.errors.push(d);
      return d;
    }
  }

  // Elements: enough of the DOM for text, html, values, children and listeners.
  function Element(tag, id) {
    this.tagName = String(tag).toUpperCase();
    this.id = id || '';
    this.className = '';
    this.children = [];
    this.childNodes = this.children;
    this.parentNode = null;
    this.style = {};
    this.dataset = {};
    this.value = '';
    this._text = '';
    this._listeners = {};
    this._attrs = {};
    var self = this;
    this.classList = {
      add: function (c) { if ((' ' + self.className + ' ').indexOf(' ' + c + ' ') < 0) self.className = (self.className + ' ' + c).trim(); },
      remove: function (c) { self.className = (' ' + self.className + ' ').replace(' ' + c + ' ', ' ').trim(); },
      contains: function (c) { return (' ' + self.className + ' ').indexOf(' ' + c + ' ') >= 0; },
      toggle: function (c) { if (this.contains(c)) this.remove(c); else this.add(c); }
    };
  }
  Object.defineProperty(Element.prototype, 'textContent', {
    get: function () { return this._text + this.children.map(function (c) { return c.textContent; }).join(''); },
    set: function (v) { this._text = String(v); this.children.length = 0; }
  });
  Object.defineProperty(Element.prototype, 'innerText', Object.getOwnPropertyDescriptor(Element.prototype, 'textContent'));
  Object.defineProperty(Element.prototype, 'innerHTML', {
    get: function () { return this._text; },
    set: function (v) { this._text = String(v); this.children.length = 0; }
  });
  Element.prototype.appendChild = function (child) {
    if (child instanceof Element) { child.parentNode = this; this.children.push(child); }
    return child;
  };
  Element.prototype.append = function () {
    for (var i = 0; i < arguments.length; i++) {
      var c = arguments[i];
      if (c instanceof Element) this.appendChild(c); else this._text += String(c);
    }
  };
  Element.prototype.prepend = Element.prototype.append;
  Element.prototype.insertAdjacentHTML = function (where, html) { this._text += String(html); };
  Element.prototype.remove = function () {
    var p = this.parentNode;
    if (p) { var i = p.children.indexOf(this); if (i >= 0) p.children.splice(i, 1); this.parentNode = null; }
  };
  Element.prototype.removeChild = function (child) { if (child instanceof Element) child.remove(); return child; };
  Element.prototype.setAttribute = function (k, v) { this._attrs[k] = String(v); if (k === 'id') this.id = String(v); if (k === 'class') this.className = String(v); };
  Element.prototype.getAttribute = function (k) { return k in this._attrs ? this._attrs[k] : null; };
  Element.prototype.addEventListener = function (type, fn) {
    if (typeof fn === 'function') (this._listeners[type] = this._listeners[type] || []).push(fn);
  };
  Element.prototype.removeEventListener = function () {};
  Element.prototype.focus = function () {};
  Element.prototype.blur = function () {};
  Element.prototype.scrollIntoView = function () {};
  Element.prototype.reset = function () { this.value = ''; };
  Element.prototype.submit = function () {};
  Element.prototype.querySelector = function (sel) { return find(this, sel, true)[0] || null; };
  Element.prototype.querySelectorAll = function (sel) { return find(this, sel, false); };
  Element.prototype.getElementsByTagName = function (tag) { return find(this, tag, false); };
  Element.prototype.closest = function () { return null; };

  function matches(el, simple) {
    var m = /^([a-zA-Z][a-zA-Z0-9-]*)?(?:#([\w-]+))?(?:\.([\w-]+))?$/.exec(simple);
    if (!m || (!m[1] && !m[2] && !m[3])) return false;
    if (m[1] && el.tagName !== m[1].toUpperCase()) return false;
    if (m[2] && el.id !== m[2]) return false;
    if (m[3] && !el.classList.contains(m[3])) return false;
    return true;
  }
  function find(root, selector, first) {
    var out = [];
    var parts = String(selector).split(',');
    function walk(el) {
      for (var i = 0; i < el.children.length; i++) {
        var c = el.children[i];
        for (var p = 0; p < parts.length; p++) {
          // A descendant selector ("form #m") is judged by its last part.
          var last = parts[p].trim().split(/\s+/).pop();
          if (matches(c, last)) { out.push(c); break; }
        }
        if (first && out.length) return;
        walk(c);
        if (first && out.length) return;
      }
    }
    walk(root);
    return out;
  }

  // freeCodeCamp's chat page.
  var body = new Element('body');
  var numUsers = body.appendChild(new Element('div', 'num-users'));
  var messages = body.appendChild(new Element('ul', 'messages'));
  var form = body.appendChild(new Element('form', 'send'));
  form.appendChild(new Element('input', 'm'));
  form.appendChild(new Element('button', ''));

  var docListeners = {};
  var document = {
    body: body,
    documentElement: body,
    title: 'Chat',
    readyState: 'loading',
    forms: [form],
    getElementById: function (id) { return find(body, '#' + String(id), true)[0] || null; },
    querySelector: function (sel) { return find(body, sel, true)[0] || null; },
    querySelectorAll: function (sel) { return find(body, sel, false); },
    getElementsByTagName: function (tag) { return find(body, tag, false); },
    getElementsByClassName: function (c) { return find(body, '.' + c, false); },
    createElement: function (tag) { return new Element(tag); },
    createTextNode: function (text) { var e = new Element('#text'); e._text = String(text); return e; },
    addEventListener: function (type, fn) {
      if (typeof fn !== 'function') return;
      if (type === 'DOMContentLoaded' || type === 'readystatechange') state.ready.push(fn);
      else (docListeners[type] = docListeners[type] || []).push(fn);
    },
    removeEventListener: function () {}
  };

  // jQuery, as client files use it.
  function Wrapped(elements) {
    this.length = elements.length;
    for (var i = 0; i < elements.length; i++) this[i] = elements[i];
    this._els = elements;
  }
  Wrapped.prototype.each = function (fn) { for (var i = 0; i < this._els.length; i++) fn.call(this._els[i], i, this._els[i]); return this; };
  Wrapped.prototype.ready = function (fn) { if (typeof fn === 'function') state.ready.push(fn); return this; };
  Wrapped.prototype.text = function (v) {
    if (arguments.length === 0) return this._els.map(function (e) { return e.textContent; }).join('');
    return this.each(function () { this.textContent = typeof v === 'function' ? v() : v; });
  };
  Wrapped.prototype.html = function (v) {
    if (arguments.length === 0) return this._els[0] ? this._els[0].innerHTML : undefined;
    return this.each(function () { this.innerHTML = typeof v === 'function' ? v() : v; });
  };
  Wrapped.prototype.val = function (v) {
    if (arguments.length === 0) return this._els[0] ? this._els[0].value : undefined;
    return this.each(function () { this.value = String(v); });
  };
  Wrapped.prototype.append = function () {
    var args = arguments;
    return this.each(function () {
      for (var i = 0; i < args.length; i++) {
        var a = args[i];
        if (a instanceof Wrapped) for (var j = 0; j < a._els.length; j++) this.appendChild(a._els[j]);
        else if (a instanceof Element) this.appendChild(a);
        else this.append(String(a));
      }
    });
  };
  Wrapped.prototype.prepend = Wrapped.prototype.append;
  Wrapped.prototype.appendTo = function (target) { $(target).append(this); return this; };
  Wrapped.prototype.empty = function () { return this.each(function () { this.innerHTML = ''; }); };
  Wrapped.prototype.remove = function () { return this.each(function () { this.remove(); }); };
  Wrapped.prototype.attr = function (k, v) { if (arguments.length < 2) return this._els[0] ? this._els[0].getAttribute(k) : undefined; return this.each(function () { this.setAttribute(k, v); }); };
  Wrapped.prototype.prop = Wrapped.prototype.attr;
  Wrapped.prototype.css = function () { return this; };
  Wrapped.prototype.addClass = function (c) { return this.each(function () { this.classList.add(c); }); };
  Wrapped.prototype.removeClass = function (c) { return this.each(function () { this.classList.remove(c); }); };
  Wrapped.prototype.toggleClass = function (c) { return this.each(function () { this.classList.toggle(c); }); };
  Wrapped.prototype.show = function () { return this; };
  Wrapped.prototype.hide = function () { return this; };
  Wrapped.prototype.focus = function () { return this; };
  Wrapped.prototype.scrollTop = function (v) { return arguments.length ? this : 0; };
  Wrapped.prototype.animate = function () { return this; };
  Wrapped.prototype.find = function (sel) { var out = []; this.each(function () { out = out.concat(find(this, sel, false)); }); return new Wrapped(out); };
  Wrapped.prototype.first = function () { return new Wrapped(this._els.slice(0, 1)); };
  Wrapped.prototype.last = function () { return new Wrapped(this._els.slice(-1)); };
  Wrapped.prototype.eq = function (i) { return new Wrapped(this._els.slice(i, i + 1)); };
  Wrapped.prototype.get = function (i) { return i === undefined ? this._els.slice() : this._els[i]; };
  Wrapped.prototype.on = function (type, a, b) {
    var fn = typeof a === 'function' ? a : b;
    if (typeof fn !== 'function') return this;
    if (this._doc && (type === 'ready' || type === 'DOMContentLoaded' || type === 'load')) { state.ready.push(fn); return this; }
    return this.each(function () { this.addEventListener(type, fn); });
  };
  Wrapped.prototype.off = function () { return this; };
  ['submit', 'click', 'keyup', 'keydown', 'keypress', 'change', 'input', 'load'].forEach(function (type) {
    Wrapped.prototype[type] = function (fn) { return typeof fn === 'function' ? this.on(type, fn) : this; };
  });

  function never() {
    var p = { then: function () { return p; }, done: function () { return p; }, fail: function () { return p; }, always: function () { return p; }, catch: function () { return p; } };
    return p;
  }
  function $(x) {
    if (typeof x === 'function') { state.ready.push(x); return new Wrapped([]); }
    if (x instanceof Wrapped) return x;
    if (x === document || x === G) { var w = new Wrapped([]); w._doc = true; return w; }
    if (x instanceof Element) return new Wrapped([x]);
    if (typeof x === 'string') {
      var s = x.trim();
      var tag = /^<\s*([a-zA-Z][a-zA-Z0-9-]*)[^>]*>([\s\S]*?)(?:<\/\s*\1\s*>)?$/.exec(s);
      if (tag) { var el = new Element(tag[1]); if (tag[2]) el.innerHTML = tag[2]; return new Wrapped([el]); }
      return new Wrapped(find(body, s, false));
    }
    return new Wrapped([]);
  }
  $.fn = Wrapped.prototype;
  $.get = $.getJSON = $.post = $.ajax = never;
  $.each = function (list, fn) { for (var k in list) fn.call(list[k], k, list[k]); return list; };
  $.trim = function (s) { return String(s).trim(); };
  $.noConflict = function () { return $; };

  // The stand-in for Socket.IO's io(): events come from the kit's real client, by deliver().
  function Socket(index) {
    this._index = index;
    this._listeners = {};
    this.connected = false;
    this.disconnected = true;
    this.id = undefined;
    var self = this;
    this.io = { on: function () { return self.io; }, engine: { on: function () {} }, opts: {} };
  }
  Socket.prototype.on = function (event, fn) {
    if (typeof fn === 'function') (this._listeners[String(event)] = this._listeners[String(event)] || []).push(fn);
    return this;
  };
  Socket.prototype.addEventListener = Socket.prototype.on;
  Socket.prototype.once = Socket.prototype.on;
  Socket.prototype.off = function (event, fn) {
    var list = this._listeners[String(event)];
    if (list) { var i = list.indexOf(fn); if (i >= 0) list.splice(i, 1); else if (fn === undefined) list.length = 0; }
    return this;
  };
  Socket.prototype.removeListener = Socket.prototype.off;
  Socket.prototype.removeAllListeners = function () { this._listeners = {}; return this; };
  // What the page sends stays in the page: the check judges what it hears.
  Socket.prototype.emit = function () { state.emits++; return this; };
  Socket.prototype.send = Socket.prototype.emit;
  Socket.prototype.connect = function () { return this; };
  Socket.prototype.open = Socket.prototype.connect;
  Socket.prototype.disconnect = function () { return this; };
  Socket.prototype.close = Socket.prototype.disconnect;
  Socket.prototype.listeners = function (event) { return (this._listeners[String(event)] || []).slice(); };
  Socket.prototype.hasListeners = function (event) { return (this._listeners[String(event)] || []).length > 0; };

  function io() {
    if (state.sockets.length >= MAX_SOCKETS) return state.sockets[state.sockets.length - 1];
    var s = new Socket(state.sockets.length);
    state.sockets.push(s);
    return s;
  }
  io.connect = io;
  io.Socket = Socket;

  function quiet() { state.logs++; }
  var console = { log: quiet, info: quiet, warn: quiet, error: quiet, debug: quiet, table: quiet, dir: quiet };

  function addTimer(fn, ms, repeat, args) {
    if (typeof fn !== 'function' || state.timers.length >= MAX_TIMERS) return 0;
    var id = state.timerId++;
    state.timers.push({ id: id, fn: fn, at: state.clock + Math.max(0, Number(ms) || 0), every: repeat ? Math.max(1, Number(ms) || 0) : 0, args: args });
    return id;
  }
  function clearTimer(id) { state.timers = state.timers.filter(function (t) { return t.id !== id; }); }

  var location = { href: '', origin: '', host: '', hostname: '', port: '', protocol: 'http:', pathname: '/chat', search: '', hash: '', reload: function () {}, assign: function () {}, replace: function () {} };

  // Storage that forgets with the page; fetch and XMLHttpRequest that never answer (the check judges the socket).
  function Storage() { this._items = {}; }
  Storage.prototype.getItem = function (k) { return Object.prototype.hasOwnProperty.call(this._items, k) ? this._items[k] : null; };
  Storage.prototype.setItem = function (k, v) { this._items[k] = String(v); };
  Storage.prototype.removeItem = function (k) { delete this._items[k]; };
  Storage.prototype.clear = function () { this._items = {}; };
  function XMLHttpRequest() {}
  XMLHttpRequest.prototype.open = function () {};
  XMLHttpRequest.prototype.send = function () {};
  XMLHttpRequest.prototype.setRequestHeader = function () {};
  XMLHttpRequest.prototype.addEventListener = function () {};
  function Event(type) { this.type = String(type); }
  Event.prototype.preventDefault = function () {};
  Event.prototype.stopPropagation = function () {};

  var names = {
    window: G, self: G, document: document, console: console, $: $, jQuery: $, io: io, location: location,
    navigator: { userAgent: 'emitting-kit', language: 'en' },
    localStorage: new Storage(), sessionStorage: new Storage(),
    history: { pushState: function () {}, replaceState: function () {}, back: function () {} },
    fetch: function () { return new Promise(function () {}); },
    XMLHttpRequest: XMLHttpRequest, Event: Event, CustomEvent: Event,
    alert: function () {}, confirm: function () { return false; }, prompt: function () { return null; },
    setTimeout: function (fn, ms) { return addTimer(fn, ms, false, Array.prototype.slice.call(arguments, 2)); },
    setInterval: function (fn, ms) { return addTimer(fn, ms, true, Array.prototype.slice.call(arguments, 2)); },
    clearTimeout: clearTimer, clearInterval: clearTimer,
    requestAnimationFrame: function (fn) { return addTimer(fn, 16, false, []); },
    addEventListener: function (type, fn) { if (typeof fn === 'function' && (type === 'load' || type === 'DOMContentLoaded')) state.ready.push(fn); },
    removeEventListener: function () {}
  };
  for (var k in names) G[k] = names[k];

  function runReady() {
    var n = 0;
    while (state.ready.length && n++ < MAX_TIMERS) guard('ready', state.ready.shift(), document, [$]);
  }

  // The events the first socket has listeners for (the one the kit delivers to), the first
  // MAX_KEPT of them; complete when that is all of them.
  function listening() {
    var socket = state.sockets[0];
    var events = socket ? Object.keys(socket._listeners).filter(function (e) { return socket._listeners[e].length > 0; }) : [];
    return { listens: events.slice(0, MAX_KEPT), complete: events.length <= MAX_KEPT };
  }

  var kit = {
    // The page's address, as the app serves it.
    setup: function (json) {
      var at = parse(json);
      for (var key in at) if (key in location) location[key] = String(at[key]);
    },
    // After the learner's script: the page is ready, its ready callbacks run.
    loaded: function () {
      state.loaded = true;
      document.readyState = 'complete';
      runReady();
      return stringify({ sockets: state.sockets.length, errors: state.errors });
    },
    // Due timers, up to a bound, on the page's own clock (ms since load).
    tick: function (elapsed) {
      state.clock = Number(elapsed);
      runReady();
      var due = state.timers.filter(function (t) { return t.at <= state.clock; });
      for (var i = 0; i < due.length; i++) {
        var t = due[i];
        if (t.every) t.at = state.clock + t.every; else clearTimer(t.id);
        guard('timer', t.fn, G, t.args);
      }
      var now = listening();
      return stringify({ errors: state.errors.length, listens: now.listens, complete: now.complete });
    },
    // An event from the app to the page's socket number 'index' (JSON: [event, ...data]).
    deliver: function (index, json) {
      var socket = state.sockets[Number(index)];
      var message = parse(json);
      var event = message[0];
      if (!socket) return stringify({ listeners: 0, listens: [], complete: true });
      if (event === 'connect') { socket.connected = true; socket.disconnected = false; socket.id = message[1]; message = ['connect']; }
      var list = (socket._listeners[event] || []).slice();
      var error = null;
      for (var i = 0; i < list.length && !error; i++) error = guard('listener', list[i], socket, message.slice(1));
      var now = listening();
      return stringify({ listeners: list.length, error: error, listens: now.listens, complete: now.complete });
    }
  };
  return kit;
})()
`;
