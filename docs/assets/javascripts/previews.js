// Hover previews: a link to an entry gets the entry's summary as its title,
// which Material's content.tooltips shows on hover and keyboard focus. The
// summaries come from summaries.js (generated at build time). This script runs
// before Material's bundle, so the tooltips are set up with the titles in place.
(function () {
  "use strict";
  var summaries = window.nvdSummaries || {};
  document.querySelectorAll(".md-content a[href*='#']").forEach(function (link) {
    if (link.title) return;
    var url = new URL(link.getAttribute("href"), location.href);
    var entry = summaries[decodeURIComponent(url.hash.slice(1))];
    if (!entry) return;
    // x/, x/index.html (served) and x.html (offline bundle) all name the page x.
    var path = url.pathname.replace(/index\.html$/, "").replace(/\.html$/, "/");
    if (path.slice(-(entry[0].length + 2)) === "/" + entry[0] + "/") link.title = entry[1];
  });
})();
