// Old addresses keep working: a letter page opened at an entry's anchor (/x/#xdp) or an
// alias's (/e/#ebpf-verifier) takes the reader on to the entry's own page.
(function () {
  "use strict";
  var id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  var target = document.getElementById(id);
  if (!target) return;
  var holder = target.hasAttribute("data-entry") ? target : target.nextElementSibling;
  if (target.matches(".nvd-term, .nvd-alias") && holder && holder.hasAttribute("data-entry")) {
    location.replace(new URL(holder.getAttribute("data-entry"), location.href).href);
  }
})();
