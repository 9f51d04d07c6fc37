/*! readerbox embed.js: the one script a site adds. Loads the widget from beside itself
    and mounts one instance per host element, each when it comes near the viewport.
    No inline code, no eval: works under a strict Content-Security-Policy. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("IntersectionObserver" in window) || typeof WebAssembly !== "object") return;
  var base = new URL(".", script.src);
  // Filled in at build time (embed/stamp.sh) with the content-hashed file names.
  var GLUE = "__READERBOX_GLUE__", WASM = "__READERBOX_WASM__";
  var HOSTS = "[data-readerbox-comments], [data-readerbox-toolbar]", BADGES = "[data-readerbox-count]";
  // Height kept free for the comment area until it has rendered, so that the page below
  // it does not jump; a host can set its own (data-readerbox-reserve) or CSS min-height.
  var RESERVE = "40rem";
  var loading;

  // The reader's font size ("Schriftgröße"), applied now: included without `defer` in
  // <head>, this runs before the first paint, so the article never jumps. Relative units
  // only, through a custom property; "mittel" leaves the site's CSS untouched.
  var SCALES = { klein: 0.875, mittel: 1, gross: 1.25 };
  var ARTICLE = script.getAttribute("data-readerbox-article") || "article";
  var fontSheet = null;
  function storedFontSize() {
    try { return localStorage.getItem("readerbox:font-size"); } catch (e) { return null; }
  }
  function applyFontSize(choice) {
    var scale = SCALES[choice] || 1;
    document.documentElement.style.setProperty("--readerbox-font-scale", String(scale));
    if (scale === 1 || !ARTICLE || !("adoptedStyleSheets" in document) || fontSheet) return;
    fontSheet = new CSSStyleSheet();
    fontSheet.replaceSync(ARTICLE + " { font-size: calc(var(--readerbox-font-scale, 1) * 100%); }");
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([fontSheet]);
  }
  applyFontSize(storedFontSize());
  // The toolbar announces a new choice; this script alone applies and remembers it.
  document.addEventListener("readerbox-font-size", function (event) {
    if (!SCALES[event.detail]) return;
    try { localStorage.setItem("readerbox:font-size", event.detail); } catch (e) { /* kept for this page only */ }
    applyFontSize(event.detail);
  });

  // The wasm is fetched alongside the glue, not after it: one round trip less, and
  // streaming compilation starts as soon as its first bytes arrive.
  function load() {
    if (loading) return loading;
    var wasm = fetch(new URL(WASM, base).href);
    wasm.catch(function () { /* reported through the glue's init below */ });
    return (loading = import(new URL(GLUE, base).href).then(function (glue) {
      return glue.default({ module_or_path: wasm }).then(function () { return glue; });
    }));
  }

  // A comment area's first page is asked for alongside the wasm rather than after it
  // has started: one round trip less. The widget takes this answer only if it would
  // have asked exactly this URL (src/api.rs, FirstPage); a guess that differs costs a
  // request, never a wrong page. Returns [url, pending fetch, its AbortController].
  function firstPage(host) {
    try {
      var api = (host.getAttribute("data-readerbox-api") || "").trim() || base.origin;
      var uri = (host.getAttribute("data-readerbox-uri") || "").trim();
      if (!uri) {
        var canonical = document.querySelector("link[rel='canonical']");
        var page = new URL((canonical && canonical.getAttribute("href")) || location.href, location.href);
        uri = page.pathname + page.search;
      }
      var sort = null;
      try { sort = JSON.parse(localStorage.getItem("readerbox:sort")); } catch (e) { /* oldest */ }
      var url = new URL(api.replace(/\/+$/, "") + "/api/v1/comments", location.href);
      url.searchParams.append("uri", uri);
      url.searchParams.append("sort", /^(newest|best)$/.test(sort) ? sort : "oldest");
      var around = /^#comment-([1-9][0-9]*)$/.exec(location.hash);
      if (around) url.searchParams.append("around", around[1]);
      if (host.hasAttribute("data-readerbox-load-all")) url.searchParams.append("limit", "100");
      var abort = new AbortController(), response = fetch(url.href, { signal: abort.signal });
      response.catch(function () { /* the widget reports it */ });
      return [url.href, response, abort];
    } catch (e) {
      return [];
    }
  }

  function mount(host) {
    host.setAttribute("data-readerbox-state", "loading");
    var loaded = load(), toolbar = host.hasAttribute("data-readerbox-toolbar");
    var first = toolbar ? [] : firstPage(host);
    loaded.then(function (glue) {
      if (toolbar) glue.mountToolbar(host, base.origin, ARTICLE);
      else glue.mountComments(host, base.origin, first[0], first[1], first[2]);
      host.setAttribute("data-readerbox-state", "mounted");
    }, function (error) {
      // The host's own fallback markup stays visible.
      if (first[2]) first[2].abort();
      host.setAttribute("data-readerbox-state", "failed");
      if (window.console) console.warn("readerbox could not start:", error);
    });
  }

  // Count badges (article lists, teasers): when the first comes near, all are filled
  // with one request.
  function countBadges(badges) {
    badges.forEach(function (badge) { badge.setAttribute("data-readerbox-state", "loading"); });
    load().then(function (glue) { return glue.mountCounts(badges, base.origin); }).then(function () {
      badges.forEach(function (badge) { badge.setAttribute("data-readerbox-state", "mounted"); });
    }, function () {
      badges.forEach(function (badge) { badge.setAttribute("data-readerbox-state", "failed"); });
    });
  }

  function watchBadges() {
    var badges = [].slice.call(document.querySelectorAll(BADGES)).filter(function (badge) {
      return !badge.hasAttribute("data-readerbox-state");
    });
    if (!badges.length) return;
    var observer = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) return;
      observer.disconnect();
      countBadges(badges);
    }, { rootMargin: "100% 0px" });
    badges.forEach(function (badge) {
      badge.setAttribute("data-readerbox-state", "waiting");
      observer.observe(badge);
    });
  }

  function start() {
    watchBadges();
    var hosts = document.querySelectorAll(HOSTS);
    // A link to a comment (#comment-…) loads at once; otherwise wait until the reader is
    // about one screen away from the comment area.
    var eager = /^#comment-/.test(location.hash);
    // A host already that close (a short article, a reload further down) starts now
    // rather than after the observer's first report, which waits for the first frame.
    function near(host) {
      var rect = host.getBoundingClientRect(), screen = window.innerHeight;
      return rect.top < 2 * screen && rect.bottom > -screen;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          mount(entry.target);
        }
      });
    }, { rootMargin: "100% 0px" });
    for (var i = 0; i < hosts.length; i++) {
      if (hosts[i].hasAttribute("data-readerbox-state")) continue;
      hosts[i].setAttribute("data-readerbox-state", "waiting");
      if (getComputedStyle(hosts[i]).minHeight === "0px") {
        hosts[i].style.minHeight = hosts[i].getAttribute("data-readerbox-reserve") ||
          (hosts[i].hasAttribute("data-readerbox-toolbar") ? "4.5rem" : RESERVE);
      }
      if (eager || near(hosts[i])) mount(hosts[i]); else observer.observe(hosts[i]);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
