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
  // has started: one round trip less; and, where it can be shown, as HTML too (GET
  // /embed/comments: the first screen drawn by the server), which the reader then sees
  // before the wasm has arrived. The widget takes the answer only if it would have asked
  // exactly this URL (src/shared/api.rs, FirstPage); a guess that differs costs a request, never
  // a wrong page. Returns [url, pending Response, its AbortController].
  function firstPage(host) {
    try {
      var api = apiOf(host);
      var uri = (host.getAttribute("data-readerbox-uri") || "").trim();
      if (!uri) {
        var page = articleUrl();
        uri = page.pathname + page.search;
      }
      var sort = null;
      try { sort = JSON.parse(localStorage.getItem("readerbox:sort")); } catch (e) { /* oldest */ }
      sort = /^(newest|best)$/.test(sort) ? sort : "oldest";
      var url = new URL(api + "/api/v1/comments", location.href);
      url.searchParams.append("uri", uri);
      url.searchParams.append("sort", sort);
      var around = /^#comment-([1-9][0-9]*)$/.exec(location.hash);
      if (around) url.searchParams.append("around", around[1]);
      var all = host.hasAttribute("data-readerbox-load-all");
      if (all) url.searchParams.append("limit", "100");
      var abort = new AbortController();
      // The server's first screen shows the first page in our texts: not for a
      // permalink or a site's own texts.
      var drawable = !around && !host.hasAttribute("data-readerbox-texts");
      var inlined = host.shadowRoot && host.shadowRoot.querySelector("script.readerbox-first-page");
      if (inlined) {
        watchEarlyInput(host);
        if (drawable && inlined.getAttribute("data-sort") === sort) {
          return [url.href, Promise.resolve(json(inlined.textContent)), abort];
        }
      } else if (drawable && !host.shadowRoot && "attachShadow" in host) {
        // Beside the JSON, not instead of it: the widget's data never waits for the
        // (larger) HTML. Without the page's data inside (`data=0`): it comes as JSON.
        // The server's page size (20 threads) also for a load-all area: what the first
        // screen shows; the widget brings the rest.
        drawn(host, api, "comments", { uri: uri, sort: sort, data: "0" }, abort.signal);
      }
      var fetched = fetch(url.href, { signal: abort.signal });
      fetched.catch(function () { /* the widget reports it */ });
      return [url.href, fetched, abort];
    } catch (e) {
      return [];
    }
  }

  function apiOf(host) {
    return ((host.getAttribute("data-readerbox-api") || "").trim() || base.origin).replace(/\/+$/, "");
  }

  // The article's address as readers share and save it: the canonical link's, else the
  // page's, without fragment (as the widget's ArticleInfo has it).
  function articleUrl() {
    var canonical = document.querySelector("link[rel='canonical']");
    var page = new URL((canonical && canonical.getAttribute("href")) || location.href, location.href);
    page.hash = "";
    return page;
  }

  // Asks for the server's drawing of a host (GET /embed/comments or /embed/toolbar) in
  // the host's language and theme, and shows it.
  function drawn(host, api, what, params, signal) {
    var url = new URL(api + "/embed/" + what, location.href);
    for (var name in params) url.searchParams.append(name, params[name]);
    url.searchParams.append("lang", host.getAttribute("data-readerbox-lang") || document.documentElement.getAttribute("lang") || "");
    url.searchParams.append("theme", host.getAttribute("data-readerbox-theme") || "light");
    fetch(url.href, { signal: signal }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (text) { show(host, text, api); }, function () { /* the widget draws */ });
  }

  // The toolbar's controls from the server: before the wasm, the font size works at
  // once, and the rest shows the reader's own state (size, Merkliste) as the widget will.
  function firstToolbar(host) {
    if (host.shadowRoot) {
      personalize(host.shadowRoot);
      watchEarlyInput(host);
    } else if ("attachShadow" in host) {
      var params = {};
      if (document.querySelector("[data-readerbox-comments]")) params.comments = "1";
      var contact = host.getAttribute("data-readerbox-contact");
      if (contact) params.contact = contact;
      drawn(host, apiOf(host), "toolbar", params);
    }
  }

  function personalize(root) {
    var size = storedFontSize(), saved = [];
    pressSize(root, SCALES[size] ? size : "mittel");
    try { saved = JSON.parse(localStorage.getItem("readerbox:favorites")) || []; } catch (e) { /* none */ }
    var list = root.querySelector(".readerbox-favorites-open"), toggle = root.querySelector(".readerbox-favorite-toggle");
    if (list) list.lastChild.data = list.lastChild.data.replace(/\d+\)$/, saved.length + ")");
    var url = articleUrl().href;
    if (toggle && saved.some(function (favorite) { return favorite.url === url; })) {
      toggle.setAttribute("aria-pressed", "true");
      toggle.firstChild.textContent = "\u2605 ";
    }
  }

  function pressSize(root, size) {
    [].forEach.call(root.querySelectorAll("[data-size]"), function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-size") === size));
    });
  }

  function json(text) {
    return new Response(text, { headers: { "content-type": "application/json" } });
  }

  // Puts the server's first screen into the host's shadow root, unless the widget got
  // there first. Parsed through an inert <template>: nothing in it runs; its stylesheet
  // link is made absolute to our server.
  function show(host, html, api) {
    var outer = document.createElement("template");
    outer.innerHTML = html;
    var inner = outer.content.querySelector("template");
    if (!inner || host.shadowRoot || late(host)) return;
    // The stylesheet first, the rest once it has loaded (from the cache, after the first
    // article): unstyled comments would jump as the styles arrive.
    var shadow = host.attachShadow({ mode: "open" }), content = inner.content;
    host.setAttribute("data-readerbox-drawn", "pending");
    var link = content.querySelector("link[rel='stylesheet']");
    var reveal = function () {
      if (shadow.querySelector(".readerbox-root") || late(host)) return;
      personalize(content);
      shadow.appendChild(content);
      host.setAttribute("data-readerbox-drawn", "server");
      watchEarlyInput(host);
    };
    if (link) {
      link.setAttribute("href", new URL(link.getAttribute("href"), api + "/").href);
      link.addEventListener("load", reveal);
      link.addEventListener("error", reveal);
      shadow.appendChild(link);
    } else {
      reveal();
    }
  }

  // Too late to be of use: the widget could not start (its fallback shows), or its wasm
  // has already arrived (on a fast connection, with the first screen): the widget draws
  // in a moment, and drawing the same twice costs a second style and layout.
  function late(host) {
    return host.getAttribute("data-readerbox-state") === "failed" ||
      (performance.getEntriesByName && performance.getEntriesByName(new URL(WASM, base).href).length > 0);
  }

  // Before the widget takes over the server's first screen, its buttons do nothing yet:
  // clicks on them are kept and made again on the widget's buttons, and the focus is put
  // back where it was. Links work as links all along.
  function watchEarlyInput(host) {
    var shadow = host.shadowRoot, clicks = [], focused = null;
    function onClick(event) {
      var size = event.target.closest && event.target.closest("[data-size]");
      if (size) {
        pressSize(shadow, size.getAttribute("data-size"));
        document.dispatchEvent(new CustomEvent("readerbox-font-size", { detail: size.getAttribute("data-size") }));
        return;
      }
      var where = locate(event.target);
      if (where) clicks.push(where);
    }
    function onFocus(event) { focused = locate(event.target); }
    shadow.addEventListener("click", onClick);
    shadow.addEventListener("focusin", onFocus);
    host.addEventListener("readerbox-ready", function () {
      shadow.removeEventListener("click", onClick);
      shadow.removeEventListener("focusin", onFocus);
      var focus = focused && shadow.activeElement === null && document.activeElement === host;
      if (focused && (focus || clicks.length)) {
        var again = shadow.querySelector(focused);
        if (again) again.focus();
      }
      clicks.forEach(function (where) {
        var target = shadow.querySelector(where);
        if (target) target.click();
      });
    }, { once: true });
  }

  // A selector for the same control in the widget's own drawing of the first screen.
  function locate(element) {
    var control = element && element.closest && element.closest("button, a[href]");
    if (!control) return null;
    var item = control.closest("li[data-id]"), action = control.getAttribute("data-action");
    if (item && action) {
      return "li[data-id='" + item.getAttribute("data-id") + "'] > " +
        (action === "toggle" ? "" : "article ") + "[data-action='" + action + "']";
    }
    var sort = control.getAttribute("data-sort"), size = control.getAttribute("data-size");
    if (sort) return "[data-sort='" + sort + "']";
    if (size) return "[data-size='" + size + "']";
    if (control.classList.contains("readerbox-more-button")) return ".readerbox-more-button";
    // A toolbar button is named by its last class (".readerbox-letter"); its links work.
    if (control.localName === "button" && control.closest(".readerbox-toolbar")) {
      return "." + control.classList[control.classList.length - 1];
    }
    return null;
  }

  function mount(host) {
    host.setAttribute("data-readerbox-state", "loading");
    var loaded = load(), toolbar = host.hasAttribute("data-readerbox-toolbar");
    var first = toolbar ? firstToolbar(host) || [] : firstPage(host);
    loaded.then(function (glue) {
      if (toolbar) glue.mountToolbar(host, base.origin, ARTICLE);
      else glue.mountComments(host, base.origin, first[0], first[1], first[2]);
      host.setAttribute("data-readerbox-state", "mounted");
    }, function (error) {
      // The host's own fallback markup shows, as it would have without us (a first
      // screen the page itself inlined stays: it is the page's).
      if (first[2]) first[2].abort();
      if (host.hasAttribute("data-readerbox-drawn")) {
        host.shadowRoot.replaceChildren(document.createElement("slot"));
        host.removeAttribute("data-readerbox-drawn");
      }
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
