/* Fazhi's page behaviour, bound here because the Content-Security-Policy forbids inline handlers
   (see core/security.py): Flask-Admin's onclick attributes are served as data-fazhi-* attributes. */
(function () {
  'use strict';

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }
    // "#" replaces Flask-Admin's javascript:void(0) links: never navigate.
    var link = target.closest('a[href="#"]');
    if (link) { event.preventDefault(); }
    var confirmer = target.closest('[data-fazhi-confirm]');
    if (confirmer && !window.confirm(confirmer.getAttribute('data-fazhi-confirm'))) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    var action = target.closest('[data-fazhi-action]');
    if (action && window.modelActions) {
      event.preventDefault();
      window.modelActions.execute(action.getAttribute('data-fazhi-action'));
      return;
    }
    var inline = target.closest('[data-fazhi-inline-add]');
    if (inline && window.faForm) {
      event.preventDefault();
      window.faForm.addInlineField(inline, inline.getAttribute('data-fazhi-inline-add'));
    }
  });

  // <select data-fazhi-autosubmit> sends its form when changed (the year pickers).
  document.addEventListener('change', function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute('data-fazhi-autosubmit') && target.form) {
      target.form.submit();
    }
  });

  // The register import's progress bar (core/templates/fazhi/registers/job.html).
  function pollImport(box) {
    if (box.getAttribute('data-finished') === 'true') { return; }
    var phases = {reading: '读取文件', checking: '逐行检查', saving: '保存'};
    function poll() {
      fetch(box.getAttribute('data-url'), {credentials: 'same-origin'}).then(function (r) { return r.json(); }).then(function (s) {
        var bar = box.querySelector('.progress-bar');
        bar.style.width = s.percent + '%';
        bar.textContent = s.percent + '%';
        document.getElementById('import-status').textContent =
          s.state_label + (s.finished ? ' ' + s.message : '（' + (phases[s.phase] || s.phase) + ' ' + s.processed + '/' + s.total + '）');
        if (s.finished) { window.location.reload(); } else { window.setTimeout(poll, 1000); }
      }).catch(function () { window.setTimeout(poll, 3000); });
    }
    window.setTimeout(poll, 500);
  }

  function ready() {
    var box = document.getElementById('import-progress');
    if (box) { pollImport(box); }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', ready);
  } else {
    ready();
  }
})();
