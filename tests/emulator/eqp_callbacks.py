"""EQP callbacks: POST the documented events to every registered URL, over HTTPS with Basic auth.

Events (the contract's shapes): ``malware_scan_complete`` with ``update_info`` ``{file_upload_id,
tool_result ("passed" or "failed"), modified_at}`` when a file's scan ends, and ``eqp_status_update`` with
``{submission_id, item_id, eqp_flow ("technical" or "marketing"), current_status (that review's new
status), eqp_status (the overall status), modified_at}`` on each review status change.

Choices of ours: statuses move lazily (on the request that reads them), so an event goes out when the
emulator computes the change; one worker thread sends the events in order, once, without retry; only
``https://`` URLs are called (the vendor sends over HTTPS only), trusting the PEM file of the runtime
setting ``callback_ca`` (default: the system's CAs). ``GET /__emulator__/eqp/callbacks`` lists what was
sent: ``{event, name, url, status, error}`` per delivery (no credential).
"""

import base64
import json
import queue
import ssl
import threading
import urllib.error
import urllib.request


class Deliveries:
    """A queue of events and the one thread that delivers them; ``log`` is what was sent."""

    def __init__(self, setting):
        self.setting = setting
        self.log = []
        self._lock = threading.Lock()
        self._queue = queue.Queue()
        self._worker = None

    def send(self, callbacks, event, info):
        """Queue ``event`` for each callback (dicts with name, url, username, password)."""
        body = {'callback_event': event, 'update_info': info}
        for callback in callbacks:
            self._queue.put((dict(callback), body))
        if callbacks and self._worker is None:
            self._worker = threading.Thread(target=self._run, name='eqp-callbacks', daemon=True)
            self._worker.start()

    def sent(self):
        with self._lock:
            return list(self.log)

    def _run(self):
        while True:
            callback, body = self._queue.get()
            entry = self._post(callback, body)
            with self._lock:
                self.log.append(entry)

    def _post(self, callback, body):
        url = callback.get('url', '')
        entry = {'event': body['callback_event'], 'name': callback.get('name'), 'url': url, 'status': None, 'error': None}
        if not url.startswith('https://'):
            entry['error'] = 'not sent: callbacks go to https:// URLs only'
            return entry
        credentials = '%s:%s' % (callback.get('username', ''), callback.get('password', ''))
        request = urllib.request.Request(url, data=json.dumps(body).encode(), method='POST', headers={
            'Content-Type': 'application/json',
            'Authorization': 'Basic ' + base64.b64encode(credentials.encode()).decode(),
        })
        context = ssl.create_default_context(cafile=self.setting('callback_ca') or None)
        try:
            with urllib.request.urlopen(request, timeout=10, context=context) as answer:
                entry['status'] = answer.status
        except urllib.error.HTTPError as exc:
            entry['status'] = exc.code
        except (urllib.error.URLError, OSError) as exc:
            entry['error'] = str(getattr(exc, 'reason', exc))
        return entry
