// Label the admin's translation tabs by language name ("English", not "EN").
// modeltranslation builds the tabs once jQuery is ready and writes the language code in
// each; the names, in the editor's language, come from #portal-language-names. The tabs
// are relabelled whenever the form changes (tabs built late, inline rows added).
"use strict";
(function () {
  var names = null;

  function relabel() {
    if (names === null) {
      var source = document.getElementById("portal-language-names");
      names = source ? JSON.parse(source.textContent) : {};
    }
    document.querySelectorAll(".ui-tabs-nav li a:not(.portal-language-tab)").forEach(
      function (link) {
        var code = link.textContent.trim().toLowerCase();
        if (names[code]) {
          link.textContent = names[code];
          link.title = names[code];
          link.classList.add("portal-language-tab");
        }
      }
    );
  }

  document.addEventListener("DOMContentLoaded", function () {
    relabel();
    new MutationObserver(relabel).observe(document.body, { childList: true, subtree: true });
  });
})();
