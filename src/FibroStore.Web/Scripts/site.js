// The few per-visitor details of a page that may have come from a shared cache: the cart count, and a fresh form
// token for forms that ask for one (data-antiforgery). Both come from /session/state, asked for only when needed:
// the count when this browser has a cart or someone is signed in, the token when the visitor starts on such a form.
// Written into the page's head, so it waits for the document.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var state = null;

  function askOnce() {
    if (!state) {
      state = fetch("/session/state", { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) { fillTokens(s); return s; })
        // The page still works; a form without a token is refused with a clear message.
        .catch(function () { return null; });
    }
    return state;
  }

  function fillTokens(s) {
    if (!s) return;
    document.querySelectorAll("form[data-antiforgery]").forEach(function (form) {
      var input = form.querySelector('input[name="' + s.antiforgery.field + '"]');
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = s.antiforgery.field;
        form.appendChild(input);
      }
      input.value = s.antiforgery.token;
      form.setAttribute("data-token-ready", "");
    });
  }

  var cartCount = document.querySelector("[data-cart-count]");
  var hasCart = /(?:^|;\s*)fs_has_cart=1(?:;|$)/.test(document.cookie);
  if (cartCount && (hasCart || cartCount.getAttribute("data-signed-in") === "true")) {
    askOnce().then(function (s) {
      if (s && typeof s.cartCount === "number" && s.cartCount > 0) {
        cartCount.textContent = String(s.cartCount);
        cartCount.setAttribute("aria-label", s.cartCount + " items");
      }
    });
  }

  document.querySelectorAll("form[data-antiforgery]").forEach(function (form) {
    // Asked for as soon as the visitor starts on the form, so it is usually here before they send it.
    form.addEventListener("focusin", askOnce);
    form.addEventListener("pointerdown", askOnce);
    form.addEventListener("submit", function (event) {
      // A second press while the token is on its way sends nothing more.
      if (form.hasAttribute("data-token-pending")) {
        event.preventDefault();
        return;
      }
      if (form.hasAttribute("data-token-ready")) return;
      event.preventDefault();
      form.setAttribute("data-token-pending", "");
      var submitter = event.submitter || null;
      askOnce().then(function () {
        // Sent without a token if none came: the store then says what to do. After a turn of the event loop, as a
        // form ignores a new submission while it is still dispatching the one that waited.
        form.setAttribute("data-token-ready", "");
        setTimeout(function () {
          form.removeAttribute("data-token-pending");
          form.requestSubmit(submitter);
        }, 0);
      });
    });
  });
});
