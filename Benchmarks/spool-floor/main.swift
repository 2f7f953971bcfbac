print("spool-floor: placeholder")
