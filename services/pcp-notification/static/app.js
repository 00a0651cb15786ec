// The case manager's worklist: plain JavaScript, no framework. sign-in.js (libs/platform/static, shared with the workspace) signs in and keeps the
// access token; data calls send it as a bearer token, and the live stream (EventSource cannot set
// headers) opens with a single-use ticket from POST /feed/stream-tickets.
(function () {
  'use strict';
  var session = window.careflowSession;
  var GROUPS = {
    'condition-change-call': 'calls',
    'call-escalated': 'calls',
    'case-identified': 'identifications',
    'assessment-due': 'assessments',
    'enrollment-notice': 'letters',
    'clinical-status-update': 'letters',
    'pcp-missing': 'pcp',
    'pcp-changed': 'pcp',
    'case-status': 'cases',
    'hospital-stay': 'calls',
    'case-manager-missing': 'cases',
  };
  var items = new Map();
  var fresh = new Set();
  var source = null;
  var reconnectTimer = null;

  function $(id) {
    return document.getElementById(id);
  }
  function closeStream() {
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    if (source) source.close();
    source = null;
  }

  function showSignIn(message) {
    closeStream();
    items.clear();
    $('sign-in').hidden = false;
    $('feed').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('sign-in-error').textContent = message || '';
    setStream('off', 'offline');
  }

  function setStream(state, text) {
    var el = $('stream-status');
    el.dataset.state = state;
    el.textContent = text;
  }

  var api = session.api;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return d.toLocaleString();
  }

  function renderItem(item) {
    var li = el('li');
    li.dataset.itemId = item.id;
    li.dataset.kind = item.kind;
    li.dataset.status = item.status;
    if (fresh.has(item.id)) li.classList.add('fresh');
    var title = el('div', 'title', item.title);
    var meta = el('div', 'meta');
    var badge = el('span', 'badge', item.status);
    badge.dataset.status = item.status;
    meta.appendChild(badge);
    meta.appendChild(el('span', 'member', 'Member ' + item.memberId));
    meta.appendChild(el('span', 'case', 'Case ' + item.caseId));
    if (item.dueBy) meta.appendChild(el('span', 'due', 'Due ' + when(item.dueBy)));
    meta.appendChild(el('span', 'time', when(item.createdAt)));
    li.appendChild(title);
    li.appendChild(meta);
    if (item.detail) li.appendChild(el('div', 'detail', item.detail));
    var actions = el('div', 'actions');
    if (item.letterUrl) {
      var link = el('a', 'letter', 'Open letter (PDF)');
      link.href = item.letterUrl;
      link.addEventListener('click', function (event) {
        event.preventDefault();
        openLetter(item.letterUrl);
      });
      actions.appendChild(link);
    }
    if (item.status === 'new') {
      var ack = el('button', 'ack', 'Acknowledge');
      ack.type = 'button';
      ack.addEventListener('click', function () {
        api('/feed/' + encodeURIComponent(item.id) + '/acknowledge', { method: 'POST' })
          .then(function (r) {
            return r.ok ? r.json() : null;
          })
          .then(function (updated) {
            if (updated) upsert(updated, false);
          })
          .catch(function () {});
      });
      actions.appendChild(ack);
    }
    if (
      item.kind === 'condition-change-call' &&
      (item.status === 'pending' || item.status === 'overdue')
    ) {
      var done = el('button', 'complete', 'Record call');
      done.type = 'button';
      done.addEventListener('click', function () {
        var notes = window.prompt('What did you discuss with the PCP?');
        if (!notes) return;
        api('/notifications/' + encodeURIComponent(item.notificationId) + '/complete', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ notes: notes }),
        }).catch(function () {});
      });
      actions.appendChild(done);
    }
    if (actions.childNodes.length) li.appendChild(actions);
    return li;
  }

  function render() {
    var byGroup = {};
    Array.from(items.values())
      .sort(function (a, b) {
        return a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0;
      })
      .forEach(function (item) {
        var group = GROUPS[item.kind] || 'cases';
        (byGroup[group] = byGroup[group] || []).push(item);
      });
    document.querySelectorAll('section.group').forEach(function (section) {
      var list = section.querySelector('ul.items');
      var entries = byGroup[section.dataset.group] || [];
      list.replaceChildren();
      if (entries.length === 0) list.appendChild(el('li', 'empty', 'Nothing here.'));
      entries.forEach(function (item) {
        list.appendChild(renderItem(item));
      });
    });
    $('feed').dataset.count = String(items.size);
  }

  function upsert(item, isFresh) {
    items.set(item.id, item);
    if (isFresh) {
      fresh.add(item.id);
      setTimeout(function () {
        fresh.delete(item.id);
      }, 2500);
    }
    render();
  }

  function openLetter(url) {
    var win = window.open('', '_blank');
    api(url)
      .then(function (r) {
        if (!r.ok) throw new Error('letter not available (' + r.status + ')');
        return r.blob();
      })
      .then(function (blob) {
        var href = URL.createObjectURL(blob);
        if (win) win.location.href = href;
        else window.location.href = href;
      })
      .catch(function (error) {
        if (win) win.close();
        $('feed-error').textContent = error.message;
      });
  }

  function loadFeed() {
    var collected = [];
    function page(cursor, remaining) {
      var q = '/feed?limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
      return api(q)
        .then(function (r) {
          if (r.status === 403) throw new Error('Your role cannot see the worklist.');
          if (!r.ok) throw new Error('The feed could not be loaded (' + r.status + ').');
          return r.json();
        })
        .then(function (body) {
          collected = collected.concat(body.items);
          if (body.nextCursor && remaining > 1) return page(body.nextCursor, remaining - 1);
          return collected;
        });
    }
    return page(null, 5).then(function (list) {
      list.forEach(function (item) {
        if (!items.has(item.id)) items.set(item.id, item);
      });
      render();
    });
  }

  // A new ticket per connection: tickets are single-use, so EventSource's own retry cannot reuse
  // one. The server ends the stream with `expired` when the token does: renew, then reconnect.
  function connectStream(delayMs) {
    closeStream();
    reconnectTimer = setTimeout(function () {
      reconnectTimer = null;
      api('/feed/stream-tickets', { method: 'POST' })
        .then(function (r) {
          if (r.status === 429) {
            return r.json().then(function (body) {
              setStream('off', 'not live: ' + body.message);
              throw new Error('capped');
            });
          }
          if (!r.ok) throw new Error('no ticket (' + r.status + ')');
          return r.json();
        })
        .then(function (answer) {
          openStream(answer.ticket);
        })
        .catch(function (error) {
          if (error.message === 'unauthorized' || error.message === 'capped') return;
          setStream('reconnecting', 'reconnecting…');
          connectStream(5000);
        });
    }, delayMs || 0);
  }

  function openStream(ticket) {
    source = new EventSource('/feed/stream?ticket=' + encodeURIComponent(ticket));
    source.addEventListener('ready', function () {
      setStream('live', 'live');
    });
    source.addEventListener('item', function (event) {
      try {
        upsert(JSON.parse(event.data), true);
      } catch (e) {
        /* ignore a malformed message */
      }
    });
    source.addEventListener('expired', function () {
      closeStream();
      setStream('reconnecting', 'renewing sign-in…');
      session.renew().then(
        function () {
          connectStream();
        },
        function () {},
      );
    });
    source.onerror = function () {
      setStream('reconnecting', 'reconnecting…');
      connectStream(3000);
    };
  }

  function showFeed() {
    var c = session.claims();
    $('sign-in').hidden = true;
    $('feed').hidden = false;
    $('sign-out').hidden = false;
    $('who').textContent = c ? (c.name || c.sub) + ' · ' + (c.roles || []).join(', ') : '';
    $('feed-error').textContent = '';
    items.clear();
    session.resume();
    connectStream();
    loadFeed().catch(function (error) {
      if (error.message !== 'unauthorized') $('feed-error').textContent = error.message;
    });
  }

  session.onSignedOut(showSignIn);
  $('sign-in-button').addEventListener('click', function () {
    session.signIn().catch(function (error) {
      showSignIn(error.message);
    });
  });
  $('sign-out').addEventListener('click', function () {
    session.signOut();
  });
  session.load().then(
    function (signedIn) {
      if (signedIn) showFeed();
      else showSignIn('');
    },
    function (error) {
      showSignIn(error.message);
    },
  );
})();
