/* Catalogue page: auto-submitting filters and the search autocomplete (ARIA combobox).
   Plain JS; everything works without it as ordinary GET forms. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var form = document.getElementById("cat-form");
  if (form) {
    form.addEventListener("change", function (e) {
      var t = e.target;
      if (t.type === "checkbox" || t.tagName === "SELECT") {
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
    // Do not send empty fields: keeps shared URLs short.
    form.addEventListener("formdata", function (e) {
      var drop = [];
      e.formData.forEach(function (value, key) { if (value === "") { drop.push(key); } });
      drop.forEach(function (key) { if (!e.formData.getAll(key).some(Boolean)) { e.formData.delete(key); } });
    });
  }
  var panel = document.getElementById("cat-filters");
  if (panel && window.matchMedia && window.matchMedia("(min-width: 900px)").matches) { panel.open = true; }

  var uid = 0;
  function combobox(input, url) {
    if (!input || !url || input.getAttribute("role") === "combobox") { return; }
    uid += 1;
    var wrap = document.createElement("div");
    wrap.className = "sg-wrap";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    var list = document.createElement("ul");
    list.id = "sg-list-" + uid;
    list.className = "sg-list";
    list.setAttribute("role", "listbox");
    // Not the input's own label: tests and screen readers find the box by that name.
    list.setAttribute("aria-label", document.documentElement.lang === "en" ? "Search suggestions" : "Gợi ý tìm kiếm");
    list.hidden = true;
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var items = [], active = -1, timer = null, controller = null;
    var en = document.documentElement.lang === "en";
    var kinds = { product: input.getAttribute("data-kind-product") || (en ? "product" : "sản phẩm"),
                  shop: input.getAttribute("data-kind-shop") || (en ? "shop" : "gian hàng") };

    function close() {
      list.hidden = true; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function highlight(i) {
      active = i;
      Array.prototype.forEach.call(list.children, function (li, n) { li.setAttribute("aria-selected", n === i ? "true" : "false"); });
      if (i >= 0) { input.setAttribute("aria-activedescendant", list.children[i].id); list.children[i].scrollIntoView({ block: "nearest" }); }
      else { input.removeAttribute("aria-activedescendant"); }
    }
    function render(suggestions) {
      items = suggestions; list.textContent = "";
      suggestions.forEach(function (s, n) {
        var li = document.createElement("li");
        li.id = list.id + "-" + n;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var text = document.createElement("span"); text.textContent = s.text; li.appendChild(text);
        if (kinds[s.kind]) { var k = document.createElement("span"); k.className = "sg-kind"; k.textContent = kinds[s.kind]; li.appendChild(k); }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); window.location.href = s.url; });
        list.appendChild(li);
      });
      if (suggestions.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); highlight(-1); } else { close(); }
    }
    function fetchSuggestions() {
      var q = input.value.trim();
      if (!q) { render([]); return; }
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(q.slice(0, 100)), { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (document.activeElement === input) { render(data.suggestions || []); } })
        .catch(function () { /* offline or aborted: no suggestions */ });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, 150); });
    input.addEventListener("keydown", function (e) {
      var open = !list.hidden && items.length;
      if (e.key === "ArrowDown") { e.preventDefault(); if (!open) { fetchSuggestions(); } else { highlight((active + 1) % items.length); } }
      else if (e.key === "ArrowUp") { if (open) { e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); } }
      else if (e.key === "Enter") { if (open && active >= 0) { e.preventDefault(); window.location.href = items[active].url; } }
      else if (e.key === "Escape") { if (open) { e.preventDefault(); close(); } }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  var pageInput = document.getElementById("cat-q");
  var suggestUrl = pageInput ? pageInput.getAttribute("data-suggest") : null;
  combobox(pageInput, suggestUrl);
  var header = document.getElementById("hd-q");
  if (header && header.form) {
    var action = header.form.getAttribute("action") || "/products/";
    combobox(header, suggestUrl || action.replace(/\/?$/, "/") + "suggest/");
  }
  document.querySelectorAll("input[data-suggest]").forEach(function (el) { combobox(el, el.getAttribute("data-suggest")); });
})();
