// Hover previews: a link to an entry's page gets the entry's name and summary as its
// title, which Material's content.tooltips shows on hover and keyboard focus. Material
// puts a title into the tooltip as HTML, so both are escaped here. The summaries come
// from summaries.js (generated at build time). This script runs before Material's
// bundle, so the tooltips are set up with the titles in place.
(function () {
  "use strict";
  var summaries = window.nvdSummaries || {};
  var escape = function (text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  };
  document.querySelectorAll(".md-content a[href]").forEach(function (link) {
    if (link.title || link.classList.contains("nvd-go")) return;
    var url = new URL(link.getAttribute("href"), location.href);
    if (url.protocol !== location.protocol || url.host !== location.host || url.hash) return;
    // xdp/, xdp/index.html (served) and xdp.html (offline bundle) all name the entry xdp.
    var path = url.pathname.replace(/index\.html$/, "").replace(/\.html$/, "/");
    var match = /\/([a-z0-9-]+)\/$/.exec(path);
    var entry = match && Object.prototype.hasOwnProperty.call(summaries, match[1]) && summaries[match[1]];
    if (entry) link.title = "<strong>" + escape(entry[0]) + "</strong> " + escape(entry[1]);
  });
})();
