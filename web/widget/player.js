// player.js: the step-through. With W windows per plane, step k runs from 0 to 2W: step 0 is the
// start (nothing computed), steps 1..W compute one output each (forward), steps W+1..2W send one
// window's gradient back (backward), the last of them at 2W; `step` -1 is the complete view (the
// same numbers as step 2W, not stepping; the scrub bar's end). No wrap: Next stops at 2W, Previous
// at 0; from the complete view Next starts at 0 and Previous goes to 2W. Playing advances one step
// per 1/speed seconds and stops at 2W.

export const SPEEDS = [0.5, 1, 2, 4, 8];

export class StepPlayer {
  /** onChange(): called after every change of step, playing or speed (not after reset). */
  constructor(onChange) {
    this.onChange = onChange;
    this.total = 0; // 2W
    this.step = -1;
    this.playing = false;
    this.speed = 2;
    this.timer = null;
  }

  /** {step, playing, speed, total, first, last}: what a view reads (first/last: Previous/Next have nowhere to go). */
  snapshot() {
    return {
      step: this.step, playing: this.playing, speed: this.speed, total: this.total,
      first: this.step === 0, last: this.step === this.total,
    };
  }

  /** New numbers: back to the complete view, paused, with `total` steps. */
  reset(total) {
    this.stopTimer();
    this.total = total;
    this.step = -1;
  }

  /** The scrub bar: step k (clamped to 0..total); its end, total, is the complete view. */
  seek(k) {
    if (k >= this.total) this.step = -1;
    else this.moveTo(k);
    this.onChange();
  }

  next() {
    if (this.step < 0) this.go(0); // from the complete view: the walk starts
    else if (this.step < this.total) this.go(this.step + 1);
  }

  prev() {
    if (this.step < 0) this.go(this.total); // from the complete view: the last step
    else if (this.step > 0) this.go(this.step - 1);
  }

  play() {
    this.stopTimer();
    if (this.step < 0 || this.step >= this.total) this.moveTo(0);
    this.playing = true;
    this.timer = setInterval(() => this.tick(), 1000 / this.speed);
    this.onChange();
  }

  pause() {
    this.stopTimer();
    this.onChange();
  }

  /** The complete view, paused. */
  end() {
    this.stopTimer();
    this.seek(this.total);
  }

  setSpeed(speed) {
    this.speed = speed;
    if (this.playing) this.play();
    else this.onChange();
  }

  /** Stops the timer for good (the player is not used after this). */
  dispose() {
    this.stopTimer();
    this.onChange = () => {};
  }

  // -------------------------------------------------------------------------------------------

  go(k) {
    this.moveTo(k);
    this.onChange();
  }

  position() {
    return this.step < 0 ? this.total : this.step;
  }

  moveTo(k) {
    this.step = Math.max(0, Math.min(this.total, k));
  }

  tick() {
    const cur = this.position();
    if (cur >= this.total - 1) {
      this.moveTo(this.total);
      this.stopTimer();
    } else {
      this.moveTo(cur + 1);
    }
    this.onChange();
  }

  stopTimer() {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.playing = false;
  }
}
