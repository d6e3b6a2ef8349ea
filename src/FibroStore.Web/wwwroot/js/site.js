// The few per-visitor details of a page that may have come from a shared cache:
// the cart count, and a fresh form token for forms that ask for one (data-antiforgery).
(function () {
  "use strict";
  var needsToken = document.querySelector("form[data-antiforgery]");
  var cartCount = document.querySelector("[data-cart-count]");
  if (!needsToken && !cartCount) return;
  fetch("/session/state", { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (state) {
      if (!state) return;
      if (cartCount && typeof state.cartCount === "number" && state.cartCount > 0) {
        cartCount.textContent = String(state.cartCount);
        cartCount.setAttribute("aria-label", state.cartCount + " items");
      }
      document.querySelectorAll("form[data-antiforgery]").forEach(function (form) {
        var input = form.querySelector('input[name="' + state.antiforgery.field + '"]');
        if (!input) {
          input = document.createElement("input");
          input.type = "hidden";
          input.name = state.antiforgery.field;
          form.appendChild(input);
        }
        input.value = state.antiforgery.token;
      });
    })
    .catch(function () { /* The page still works; a form without a token is refused with a clear message. */ });
})();
