// The SCORM 1.2 package's own script (player.js), shipped as text. Two parts:
// - `CourseStudioPlayer.createTracker(window, config)`: everything the LMS sees. It finds
//   the API (window.parent chain, then window.top.opener), calls LMSInitialize, marks the
//   attempt incomplete on entry, keeps lesson_location and suspend_data (≤ 4,096 chars) for
//   resuming, sets score and passed/failed against the mastery score once every graded quiz
//   was answered (completed instead, once every page was seen, when there are none), and
//   commits after each change. The mastery score is the LMS's (cmi.student_data.mastery_score,
//   which it takes from the manifest and an administrator may change) when it gives one, the
//   package's otherwise. Only SCORM 1.2 data model elements; never a status from unload,
//   where only session_time is set and LMSFinish called (it persists the data itself; a
//   commit there would be a synchronous request during page dismissal in an LMS that
//   commits so, which Chromium refuses). With no API found it tracks nothing, and works.
// - `boot`: the page — table of contents, Previous/Next, quiz forms — wired with
//   addEventListener only (no inline handlers), started when the page has a document.
// Plain ES5, no modules, no requests: it runs in old LMS browsers and from a folder.
// Tests load it in a Node vm with a fake window and API (test/unit/export/scorm-player.test.ts).

export const PLAYER_SCRIPT = String.raw`/* Course Studio SCORM 1.2 player. */
(function (root) {
  'use strict';

  var MAX_SUSPEND = 4096;
  var DONE = { completed: true, passed: true, failed: true };

  function apiIn(win) {
    var tries = 0;
    while (win && tries < 50) {
      try {
        if (win.API) return win.API;
        if (!win.parent || win.parent === win) return null;
        win = win.parent;
      } catch (e) {
        return null; // a frame from another origin: no API through it
      }
      tries++;
    }
    return null;
  }

  function findApi(win) {
    var api = apiIn(win);
    if (api) return api;
    try {
      if (win.top && win.top.opener) return apiIn(win.top.opener);
    } catch (e) {
      return null;
    }
    return null;
  }

  function normalise(text) {
    return String(text).replace(/\s+/g, ' ').replace(/^ | $/g, '').toLowerCase();
  }

  /** One question's answer against its key: true, false, or null for an essay (a person grades it). */
  function grade(key, answer) {
    if (key.type === 'essay') return null;
    if (key.type === 'short_answer') {
      var given = normalise(answer || '');
      for (var i = 0; i < key.accepted.length; i++) if (normalise(key.accepted[i]) === given && given !== '') return true;
      return false;
    }
    var chosen = (answer || []).slice().sort();
    var correct = key.correct.slice().sort();
    if (chosen.length !== correct.length) return false;
    for (var j = 0; j < chosen.length; j++) if (chosen[j] !== correct[j]) return false;
    return true;
  }

  function createTracker(win, config) {
    var api = findApi(win);
    var pages = config.pages;
    var graded = [];
    for (var g = 0; g < config.quizzes.length; g++) if (config.quizzes[g].graded > 0) graded.push(g);
    var mastery = config.masteryScore;
    var state = { page: 0, seen: [], quizzes: {} };
    var finished = false;
    var started = null;

    function get(name) {
      if (!api) return '';
      try {
        return String(api.LMSGetValue(name));
      } catch (e) {
        return '';
      }
    }
    function set(name, value) {
      if (!api) return;
      try {
        api.LMSSetValue(name, String(value));
      } catch (e) {
        /* the LMS refused it: nothing more to do here */
      }
    }
    function commit() {
      if (!api) return;
      try {
        api.LMSCommit('');
      } catch (e) {
        /* as above */
      }
    }

    function encode(withAnswers, withText) {
      var seen = '';
      for (var i = 0; i < pages; i++) seen += state.seen[i] ? '1' : '0';
      var quizzes = {};
      for (var q in state.quizzes) {
        if (!Object.prototype.hasOwnProperty.call(state.quizzes, q)) continue;
        var r = state.quizzes[q];
        var entry = [r.correct, r.total];
        if (withAnswers) {
          var answers = [];
          for (var a = 0; a < r.answers.length; a++) answers.push(typeof r.answers[a] === 'string' && !withText ? null : r.answers[a]);
          entry.push(answers);
        }
        quizzes[q] = entry;
      }
      return JSON.stringify({ v: 1, p: state.page, s: seen, q: quizzes });
    }

    /** The state as suspend_data: answers dropped (text first) before the 4,096-character limit is passed. */
    function suspendData() {
      var data = encode(true, true);
      if (data.length > MAX_SUSPEND) data = encode(true, false);
      if (data.length > MAX_SUSPEND) data = encode(false, false);
      return data.length > MAX_SUSPEND ? '' : data;
    }

    function restore(text) {
      try {
        var data = JSON.parse(text);
        if (!data || data.v !== 1) return;
        for (var i = 0; i < pages && i < data.s.length; i++) state.seen[i] = data.s.charAt(i) === '1';
        for (var q in data.q) {
          if (!Object.prototype.hasOwnProperty.call(data.q, q)) continue;
          var e = data.q[q];
          state.quizzes[q] = { correct: e[0], total: e[1], answers: e[2] || [] };
        }
      } catch (e) {
        /* unreadable suspend data: start afresh */
      }
    }

    function save() {
      set('cmi.core.lesson_location', String(state.page));
      var data = suspendData();
      if (data !== '') set('cmi.suspend_data', data);
    }

    function allSeen() {
      for (var i = 0; i < pages; i++) if (!state.seen[i]) return false;
      return true;
    }

    var lastStatus = '';
    function setStatus(status) {
      if (status === lastStatus) return;
      lastStatus = status;
      set('cmi.core.lesson_status', status);
    }

    /** With no graded quiz, the attempt is complete once every page was seen. */
    function updateCompletion() {
      if (graded.length === 0 && allSeen()) setStatus('completed');
    }

    /** Once every graded quiz was answered: the score over all graded questions, and passed or failed. */
    function updateScore() {
      var correct = 0;
      var total = 0;
      for (var i = 0; i < graded.length; i++) {
        var r = state.quizzes[graded[i]];
        if (!r) return;
        correct += r.correct;
        total += r.total;
      }
      if (total === 0) return;
      var raw = Math.round((100 * correct) / total);
      set('cmi.core.score.min', '0');
      set('cmi.core.score.max', '100');
      set('cmi.core.score.raw', String(raw));
      lastStatus = '';
      setStatus(raw >= mastery ? 'passed' : 'failed');
    }

    return {
      tracking: function () {
        return api !== null;
      },
      state: state,
      grade: grade,
      /** Initializes the attempt; returns the page to show first (where the learner left off). */
      start: function () {
        started = new Date().getTime();
        if (!api) return 0;
        try {
          var ok = String(api.LMSInitialize(''));
          if (ok !== 'true') {
            api = null;
            return 0;
          }
        } catch (e) {
          api = null;
          return 0;
        }
        var status = get('cmi.core.lesson_status');
        if (DONE[status]) lastStatus = status;
        else setStatus('incomplete');
        set('cmi.core.exit', 'suspend');
        if (graded.length > 0) {
          var lmsMastery = get('cmi.student_data.mastery_score');
          if (/^\d{1,3}(\.\d+)?$/.test(lmsMastery) && parseFloat(lmsMastery) <= 100) mastery = parseFloat(lmsMastery);
        }
        var saved = get('cmi.suspend_data');
        if (saved) restore(saved);
        var location = parseInt(get('cmi.core.lesson_location'), 10);
        if (location >= 0 && location < pages) state.page = location;
        commit();
        return state.page;
      },
      visit: function (page) {
        if (page < 0 || page >= pages) return;
        state.page = page;
        state.seen[page] = true;
        save();
        updateCompletion();
        commit();
      },
      /** A quiz answered: its graded questions' result, and every answer (indices, or text) to show again on resume. */
      recordQuiz: function (quiz, correct, total, answers) {
        state.quizzes[quiz] = { correct: correct, total: total, answers: answers };
        save();
        if (config.quizzes[quiz] && config.quizzes[quiz].graded > 0) updateScore();
        commit();
      },
      /** Ends the session: never sets a status, never commits (it runs from pagehide/unload). */
      finish: function () {
        if (finished || !api) return;
        finished = true;
        if (started !== null) set('cmi.core.session_time', sessionTime(new Date().getTime() - started));
        try {
          api.LMSFinish('');
        } catch (e) {
          /* the window is going away anyway */
        }
      },
    };
  }

  function pad(n, width) {
    var s = String(n);
    while (s.length < width) s = '0' + s;
    return s;
  }

  /** CMITimespan: HHHH:MM:SS.SS */
  function sessionTime(ms) {
    var cs = Math.max(0, Math.floor(ms / 10));
    var h = Math.min(9999, Math.floor(cs / 360000));
    var m = Math.floor((cs % 360000) / 6000);
    var s = Math.floor((cs % 6000) / 100);
    return pad(h, 4) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
  }

  function boot(win, doc) {
    var config = JSON.parse(doc.getElementById('course-data').textContent);
    var tracker = createTracker(win, config);
    var pages = doc.querySelectorAll('section.page');
    var links = doc.querySelectorAll('.player-toc a[data-page]');
    var prev = doc.getElementById('player-prev');
    var next = doc.getElementById('player-next');
    var current = 0;

    function show(index) {
      if (index < 0 || index >= pages.length) return;
      current = index;
      for (var i = 0; i < pages.length; i++) pages[i].hidden = i !== index;
      for (var j = 0; j < links.length; j++) {
        var n = parseInt(links[j].getAttribute('data-page'), 10);
        if (n === index) links[j].setAttribute('aria-current', 'page');
        else links[j].removeAttribute('aria-current');
        if (n === index || tracker.state.seen[n]) links[j].className = 'seen';
      }
      prev.disabled = index === 0;
      next.disabled = index === pages.length - 1;
      tracker.visit(index);
      win.scrollTo(0, 0);
    }

    doc.querySelector('.player-toc').addEventListener('click', function (event) {
      var target = event.target;
      while (target && target.getAttribute && target.getAttribute('data-page') === null) target = target.parentNode;
      if (!target || !target.getAttribute) return;
      event.preventDefault();
      show(parseInt(target.getAttribute('data-page'), 10));
    });
    prev.addEventListener('click', function () {
      show(current - 1);
    });
    next.addEventListener('click', function () {
      show(current + 1);
    });

    function answerOf(form, quiz, q, key) {
      var name = 'q' + quiz + '-' + q;
      if (key.type === 'short_answer' || key.type === 'essay') return form.elements[name].value;
      var chosen = [];
      var inputs = form.querySelectorAll('input[name="' + name + '"]');
      for (var i = 0; i < inputs.length; i++) if (inputs[i].checked) chosen.push(parseInt(inputs[i].value, 10));
      return chosen;
    }

    /**
     * Marks each answered question and shows its feedback; returns the graded questions'
     * result. A question with no answer (a written one dropped from suspend_data to keep it
     * under the limit) is left unmarked rather than shown as wrong.
     */
    function showFeedback(form, quiz, answers) {
      var keys = config.quizzes[quiz].questions;
      var correct = 0;
      var total = 0;
      for (var q = 0; q < keys.length; q++) {
        var box = form.querySelector('[data-question="' + q + '"]');
        var answered = answers[q] !== null && answers[q] !== undefined;
        var feedback = box.querySelectorAll('.feedback[data-option]');
        for (var f = 0; f < feedback.length; f++) {
          var option = parseInt(feedback[f].getAttribute('data-option'), 10);
          feedback[f].hidden = !(answered && typeof answers[q] !== 'string' && answers[q].indexOf(option) >= 0);
        }
        var general = box.querySelectorAll('.feedback.general');
        for (var k = 0; k < general.length; k++) general[k].hidden = false;
        var mark = box.querySelector('.result');
        mark.hidden = !answered;
        if (!answered) continue;
        var result = grade(keys[q], answers[q]);
        mark.className = 'result feedback ' + (result === null ? 'ungraded' : result ? 'correct' : 'incorrect');
        mark.textContent = result === null ? 'Answer recorded.' : result ? 'Correct.' : 'Not quite.';
        if (result !== null) {
          total++;
          if (result) correct++;
        }
      }
      return { correct: correct, total: total };
    }

    function showScore(form, score) {
      form.querySelector('.quiz-result').textContent = score.total > 0 ? 'Score: ' + score.correct + ' of ' + score.total + '.' : 'Answers recorded.';
    }

    function fill(form, quiz, answers) {
      var keys = config.quizzes[quiz].questions;
      for (var q = 0; q < keys.length; q++) {
        var name = 'q' + quiz + '-' + q;
        var answer = answers[q];
        if (answer === null || answer === undefined) continue;
        if (typeof answer === 'string') form.elements[name].value = answer;
        else {
          var inputs = form.querySelectorAll('input[name="' + name + '"]');
          for (var i = 0; i < inputs.length; i++) inputs[i].checked = answer.indexOf(parseInt(inputs[i].value, 10)) >= 0;
        }
      }
    }

    var forms = doc.querySelectorAll('form.quiz');
    for (var i = 0; i < forms.length; i++) {
      (function (form) {
        var quiz = parseInt(form.getAttribute('data-quiz'), 10);
        form.addEventListener('submit', function (event) {
          event.preventDefault();
          var keys = config.quizzes[quiz].questions;
          var answers = [];
          for (var q = 0; q < keys.length; q++) answers.push(answerOf(form, quiz, q, keys[q]));
          var score = showFeedback(form, quiz, answers);
          showScore(form, score);
          tracker.recordQuiz(quiz, score.correct, score.total, answers);
        });
      })(forms[i]);
    }

    var first = tracker.start();
    for (var f = 0; f < forms.length; f++) {
      var quiz = parseInt(forms[f].getAttribute('data-quiz'), 10);
      var saved = tracker.state.quizzes[quiz];
      if (!saved) continue;
      // The answers as far as suspend_data kept them; the score as it was recorded.
      if (saved.answers.length > 0) {
        fill(forms[f], quiz, saved.answers);
        showFeedback(forms[f], quiz, saved.answers);
      }
      showScore(forms[f], saved);
    }
    show(first);

    // Only the session ends here: status and score were set when they happened.
    win.addEventListener('pagehide', tracker.finish);
    win.addEventListener('unload', tracker.finish);
  }

  root.CourseStudioPlayer = { createTracker: createTracker, grade: grade, findApi: findApi, boot: boot };
  if (root.document && root.document.getElementById && root.document.getElementById('course-data')) {
    if (root.document.readyState === 'loading') {
      root.document.addEventListener('DOMContentLoaded', function () {
        boot(root, root.document);
      });
    } else boot(root, root.document);
  }
})(this);
`;
