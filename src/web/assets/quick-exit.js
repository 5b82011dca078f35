// Quick exit (survivors' technology safety, NNEDV Safety Net): the "Leave this page" button
// and the Escape key replace this page with a neutral site. location.replace() swaps the
// current history entry instead of adding one, so Back does not return here. Without this
// file the button is a plain link to the same site.
'use strict';
(function () {
  var link = document.querySelector('[data-quick-exit-link]');
  if (link) {
    var leave = function (event) {
      if (event) event.preventDefault();
      // Nothing of the page stays on screen while the neutral site loads.
      document.title = '';
      if (document.body) document.body.hidden = true;
      window.location.replace(link.href);
    };
    link.addEventListener('click', leave);
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' || event.key === 'Esc') leave(event);
    });
  }
  // The print button needs a script; without one, the browser's own Print works the same.
  var print = document.querySelector('[data-print]');
  if (print) {
    print.hidden = false;
    print.addEventListener('click', function () {
      window.print();
    });
  }
})();
