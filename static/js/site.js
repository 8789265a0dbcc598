// Starts Det Fælles Designsystem's components (mobile menu, error summary focus, accordions).
// A file of its own because the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) {
    window.DKFDS.init();
  }
});

// A form with data-confirm asks before it is sent (issue 17: extension decisions, handovers,
// new recovery codes). Without JavaScript the form is sent as before.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// The print views (issue 17): their Print button ([data-print]) is hidden until this script can print.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
});
