"""Computing the next items in a thread while the caller works on the current one."""

import queue
import threading


def produced_in_background(items, buffered=2):
    """Iterate over items while a thread computes the next ones.

    An exception in the thread is raised here; leaving the loop early stops
    the thread.
    """
    results = queue.Queue(maxsize=buffered)
    stop = threading.Event()
    end = object()

    def put(item):
        while not stop.is_set():
            try:
                results.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce():
        try:
            for item in items:
                if not put((item, None)):
                    return
            put((end, None))
        except BaseException as error:  # handed to the consumer, which raises it
            put((None, error))

    thread = threading.Thread(target=produce, name="demo-data-drafts", daemon=True)
    thread.start()
    try:
        while True:
            item, error = results.get()
            if error is not None:
                raise error
            if item is end:
                return
            yield item
    finally:
        stop.set()
        thread.join()
