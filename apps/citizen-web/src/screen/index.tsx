/** The public display screen (/screen): full-screen, signed in with a display-device token. */
export default function Screen() {
  return <main id="main" className="screen" />;
}
