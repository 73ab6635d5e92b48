/* Hartslag: small progressive enhancements. Every page works without this file. */
'use strict';
document.addEventListener('DOMContentLoaded', function () {
	/* CSV import: read the chosen file into the text area, then the form posts it. */
	document.querySelectorAll('input[data-csv-file]').forEach(function (input) {
		input.addEventListener('change', function () {
			var target = document.getElementById(input.getAttribute('data-target'));
			var file = input.files && input.files[0];
			if (!target || !file)
				return;
			var reader = new FileReader();
			reader.onload = function () { target.value = reader.result; };
			reader.readAsText(file, 'utf-8');
		});
	});
	/* Ask before irreversible actions. */
	document.querySelectorAll('form[data-confirm]').forEach(function (form) {
		form.addEventListener('submit', function (e) {
			if (!window.confirm(form.getAttribute('data-confirm-text') || '?'))
				e.preventDefault();
		});
	});
	/* Survey: warn before leaving a page with answers that are not saved yet. */
	var survey = document.querySelector('form.survey-form');
	if (survey) {
		var dirty = false;
		survey.addEventListener('change', function () { dirty = true; });
		survey.addEventListener('submit', function () { dirty = false; });
		window.addEventListener('beforeunload', function (e) {
			if (dirty) {
				e.preventDefault();
				e.returnValue = '';
			}
		});
	}
});
