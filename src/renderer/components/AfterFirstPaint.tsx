// Runs `run` once the frame holding the first commit has been painted: effects run after
// the commit, the next animation frame callback runs as that frame is produced, and a task
// queued from it runs once the frame is done.
import { useEffect } from 'react';

export function AfterFirstPaint({ run }: { run: () => void }): null {
  useEffect(() => {
    const frame = requestAnimationFrame(() => setTimeout(run, 0));
    return () => cancelAnimationFrame(frame);
  }, [run]);
  return null;
}
