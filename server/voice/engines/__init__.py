"""Speech engines (espeak-ng, pyttsx3) and the one worker thread that drives them."""
