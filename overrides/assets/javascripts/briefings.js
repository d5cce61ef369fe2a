// A link to an article sentence (#s-N) opens the collapsed article first, then
// scrolls to the sentence, which :target highlights.
(function () {
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^s-\d+$/.test(id)) return;
    var el = document.getElementById(id);
    if (!el) return;
    var box = el.closest("details");
    if (box && !box.open) box.open = true;
    el.scrollIntoView({ block: "center" });
  }
  window.addEventListener("hashchange", reveal);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", reveal);
  else reveal();
})();
