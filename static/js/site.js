// Starts Det Fælles Designsystem's components (mobile menu, error summary focus, accordions).
// A file of its own because the Content-Security-Policy allows no inline script.
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) {
    window.DKFDS.init();
  }
});
