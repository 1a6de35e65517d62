// Start GOV.UK Frontend's components (no inline script: the CSP forbids it).
if (window.GOVUKFrontend && document.body.classList.contains("govuk-frontend-supported")) {
  window.GOVUKFrontend.initAll();
}
