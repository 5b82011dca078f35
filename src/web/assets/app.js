// Progressive enhancement only: every page works without this file.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  // A one-time sign-in link continues at once (the form still has its button without JavaScript).
  var auto = document.querySelector('form[data-auto-submit]');
  if (auto) auto.submit();
  // The error summary takes focus (autofocus does it too; this covers browsers that ignore it).
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();
  // Buttons that ask before acting (void, revoke, disable).
  document.querySelectorAll('[data-confirm]').forEach(function (button) {
    button.addEventListener('click', function (event) {
      if (!window.confirm(button.getAttribute('data-confirm'))) event.preventDefault();
    });
  });
  // Intake and event forms: show only the fields the chosen event type uses.
  document.querySelectorAll('[data-event-form]').forEach(function (form) {
    var type = form.querySelector('[name="type"]');
    if (!type) return;
    var update = function () {
      var chosen = type.value;
      form.querySelectorAll('[data-for-types]').forEach(function (field) {
        var types = field.getAttribute('data-for-types').split(' ');
        var show = chosen === '' || types.indexOf(chosen) >= 0;
        field.hidden = !show;
        field.querySelectorAll('input,select').forEach(function (input) {
          input.disabled = !show;
        });
      });
    };
    type.addEventListener('change', update);
    update();
  });
  // Intake: changing the family offers only its event types (the server checks again).
  var family = document.querySelector('[data-family-select]');
  var eventType = document.querySelector('[data-event-type-select]');
  if (family && eventType) {
    var all = Array.prototype.slice.call(eventType.options).map(function (o) {
      return { value: o.value, label: o.text, families: o.getAttribute('data-families') };
    });
    var refresh = function () {
      var current = eventType.value;
      eventType.innerHTML = '';
      all.forEach(function (o) {
        if (o.families && o.families.split(' ').indexOf(family.value) < 0) return;
        var option = document.createElement('option');
        option.value = o.value;
        option.text = o.label;
        if (o.families) option.setAttribute('data-families', o.families);
        if (o.value === current) option.selected = true;
        eventType.appendChild(option);
      });
      eventType.dispatchEvent(new Event('change'));
    };
    family.addEventListener('change', refresh);
    refresh();
  }
  // Copy buttons beside links shown once.
  document.querySelectorAll('[data-copy]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      var target = document.getElementById(button.getAttribute('data-copy'));
      if (target && navigator.clipboard) {
        navigator.clipboard.writeText(target.value || target.textContent || '').then(function () {
          button.textContent = 'Copied';
        });
      }
    });
  });
});
