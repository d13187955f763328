/* dangbo: the small amount of behaviour the pages need (no inline scripts: CSP script-src 'self'). */
(function () {
  "use strict";

  // Print buttons.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest(".js-print");
    if (btn) { e.preventDefault(); window.print(); }
  });

  // Member list export buttons: the list is filtered through htmx, so take the filter form's current values.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest(".js-export"), form = document.getElementById("member-filter");
    if (!btn || !form) { return; }
    var params = new URLSearchParams(new FormData(form));
    if (btn.hasAttribute("data-format")) { params.set("dinh_dang", btn.getAttribute("data-format")); }
    btn.href = btn.getAttribute("data-base") + "?" + params.toString();
  });

  // Organisation tree: the first click loads the children through htmx (hx-trigger "click once");
  // later clicks fold and unfold the rows already loaded below.
  function descendants(row) {
    var path = row.getAttribute("data-path"), out = [];
    var next = row.nextElementSibling;
    while (next && next.getAttribute("data-path") && next.getAttribute("data-path").indexOf(path) === 0 &&
           next.getAttribute("data-path") !== path) {
      out.push(next);
      next = next.nextElementSibling;
    }
    return out;
  }
  document.addEventListener("click", function (e) {
    var btn = e.target.closest(".tree-toggle");
    if (!btn || !btn.hasAttribute("data-loaded")) { return; }
    var row = btn.closest("tr"), open = btn.getAttribute("aria-expanded") === "true";
    descendants(row).forEach(function (r) {
      if (open) { r.classList.add("tree-hidden"); }
      else if (r.getAttribute("data-depth") === String(Number(row.getAttribute("data-depth")) + 1)) {
        r.classList.remove("tree-hidden");
        var t = r.querySelector(".tree-toggle");
        if (t) { t.setAttribute("aria-expanded", "false"); }
      }
    });
    btn.setAttribute("aria-expanded", open ? "false" : "true");
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var btn = e.detail.elt;
    if (btn && btn.classList && btn.classList.contains("tree-toggle") && e.detail.successful) {
      btn.setAttribute("aria-expanded", "true");
      btn.setAttribute("data-loaded", "1");
    }
  });

  // Event form: show only the fields the chosen kind of event uses.
  var KIND_FIELDS = {
    transfer: ["to_organization", "to_organization_code"], readmission: ["to_organization", "to_organization_code"],
    temporary: ["to_organization", "to_organization_code", "end_date"],
    transfer_in: ["to_organization", "to_organization_code"], transfer_out: ["external_place"]
  };
  function syncEventForm() {
    var kind = document.getElementById("id_kind");
    if (!kind) { return; }
    var wanted = KIND_FIELDS[kind.value] || [];
    ["to_organization", "to_organization_code", "end_date", "external_place"].forEach(function (name) {
      var box = document.querySelector(".field-" + name);
      if (!box) { return; }
      var hasError = box.querySelector(".invalid-feedback");
      box.hidden = wanted.indexOf(name) < 0 && !hasError;
    });
  }
  document.addEventListener("change", function (e) { if (e.target && e.target.id === "id_kind") { syncEventForm(); } });
  document.addEventListener("DOMContentLoaded", syncEventForm);
})();
