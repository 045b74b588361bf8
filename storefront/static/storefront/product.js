// Product page (and QR label page's print button): gallery thumbnails scroll the slides; the variant picker updates price,
// discount and the quantity limit. The page works without it.
(function () {
  "use strict";
  var slides = document.querySelector("[data-pp-slides]");
  var thumbs = document.querySelectorAll("[data-pp-thumb]");
  thumbs.forEach(function (a, i) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      slides.scrollTo({left: slides.clientWidth * i});
    });
  });
  if (slides && thumbs.length) {
    slides.addEventListener("scroll", function () {
      var i = Math.round(slides.scrollLeft / slides.clientWidth);
      thumbs.forEach(function (a, j) {
        if (i === j) { a.setAttribute("aria-current", "true"); } else { a.removeAttribute("aria-current"); }
      });
    }, {passive: true});
  }
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  var form = document.querySelector("[data-pp-buy]");
  if (!form) { return; }
  var price = document.querySelector("[data-pp-price]");
  var was = document.querySelector("[data-pp-was]");
  var wasValue = document.querySelector("[data-pp-was-value]");
  var off = document.querySelector("[data-pp-off]");
  var qty = form.querySelector("input[name=quantity]");
  form.addEventListener("change", function (e) {
    var r = e.target;
    if (r.name !== "variant_id") { return; }
    price.textContent = r.dataset.price;
    wasValue.textContent = r.dataset.was;
    was.hidden = off.hidden = !r.dataset.was;
    off.textContent = "-" + r.dataset.off + "%";
    if (+r.dataset.max > 0) {
      qty.max = r.dataset.max;
      if (+qty.value > +r.dataset.max) { qty.value = r.dataset.max; }
    }
  });
})();
