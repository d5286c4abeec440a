// An error shown where the person acted; role=alert so it is announced when it appears.
export function InlineError({ message, className }: { message: string | null | undefined; className?: string }) {
  if (!message) return null;
  return (
    <p className={`inline-error ${className ?? ''}`} role="alert">
      {message}
    </p>
  );
}
