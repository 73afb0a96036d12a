// GOV.UK Frontend's body classes, set before the page is drawn (a file, not inline: the
// Content-Security-Policy allows scripts from this site only).
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
