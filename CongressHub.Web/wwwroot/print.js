// The one script of the residents' pages: shows the print button of a printable page (a resolution, minutes,
// evaluation results) and prints it. Without script the button stays hidden and the browser's own print still works.
document.querySelectorAll('[data-print]').forEach(button => {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
});
