<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="33" />
        <source>See the doctor first, pay once at the end</source>
        <translation>See the doctor first, pay once at the end</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="34" />
        <source>Please insert your medical insurance card</source>
        <translation>Please insert your medical insurance card</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="35" />
        <source>Chip first, face up. Leave the card in until you finish.</source>
        <translation>Chip first, face up. Leave the card in until you finish.</translation>
    </message>
</context>
<context>
    <name>Bill</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="31" />
        <source>Consultation</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="32" />
        <source>Medicines</source>
        <translation>Medicines</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="33" />
        <source>Laboratory tests</source>
        <translation>Laboratory tests</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="34" />
        <source>Imaging</source>
        <translation>Imaging</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="35" />
        <source>Treatment</source>
        <translation>Treatment</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="37" />
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="38" />
        <source>Other charges</source>
        <translation>Other charges</translation>
    </message>
</context>
<context>
    <name>BillScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="144" />
        <source>Your bill</source>
        <translation>Your bill</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="145" />
        <source>The bill has changed. Please check the new amount.</source>
        <translation>The bill has changed. Please check the new amount.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="146" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="147" />
        <source>Confirm and pay</source>
        <translation>Confirm and pay</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="164" />
        <source>Confirm and pay {amount}</source>
        <translation>Confirm and pay {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="182" />
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>CheckInScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="125" />
        <source>Where would you like to check in?</source>
        <translation>Where would you like to check in?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="126" />
        <location filename="../../kiosk/ui/screens/visit.py" line="145" />
        <source>Choose a department:</source>
        <translation>Choose a department:</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="127" />
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="128" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="129" />
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="137" />
        <source>Today's appointment: {time} {department}
Tap here to check in</source>
        <translation>Today's appointment: {time} {department}
Tap here to check in</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="144" />
        <source>Or choose a department:</source>
        <translation>Or choose a department:</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="166" />
        <source>Check in to {department}?</source>
        <translation>Check in to {department}?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="175" />
        <source>Closed now</source>
        <translation>Closed now</translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="173" />
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="174" />
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>FirstTimeScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="88" />
        <source>Welcome! Please link your card first</source>
        <translation>Welcome! Please link your card first</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="92" />
        <source>It only takes a few minutes. Next time you can see the doctor first and pay once at the end.</source>
        <translation>It only takes a few minutes. Next time you can see the doctor first and pay once at the end.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="94" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="138" />
        <source>Do you need more time?</source>
        <translation>Do you need more time?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="139" />
        <source>More time</source>
        <translation>More time</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="143" />
        <source>This screen will close in {seconds} seconds.</source>
        <translation>This screen will close in {seconds} seconds.</translation>
    </message>
</context>
<context>
    <name>ItineraryScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="267" />
        <source>Your next stops</source>
        <translation>Your next stops</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="268" />
        <source>Pay now</source>
        <translation>Pay now</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="269" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="278" />
        <source>You have no more stops. You can pay now.</source>
        <translation>You have no more stops. You can pay now.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="288" />
        <source>{wait} · {people} waiting · walk about {walk} min</source>
        <translation>{wait} · {people} waiting · walk about {walk} min</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="296" />
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="297" />
        <source>For: {items}</source>
        <translation>For: {items}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="304" />
        <source>About {minutes} min in total</source>
        <translation>About {minutes} min in total</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="252" />
        <source>Hospital kiosk</source>
        <translation>Hospital kiosk</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="40" />
        <source>You can still be seen the traditional way: register at the counter and pay at each step.</source>
        <translation>You can still be seen the traditional way: register at the counter and pay at each step.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="43" />
        <source>The payment counter is in the main hall on the ground floor.</source>
        <translation>The payment counter is in the main hall on the ground floor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="46" />
        <source>Please ask the staff at the counter for help.</source>
        <translation>Please ask the staff at the counter for help.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="47" />
        <source>Please tap "Try again". If it happens again, please go to the counter.</source>
        <translation>Please tap "Try again". If it happens again, please go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="49" />
        <source>Please use another kiosk, or ask the staff at the counter for help.</source>
        <translation>Please use another kiosk, or ask the staff at the counter for help.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="51" />
        <source>Pay-later is not available today</source>
        <translation>Pay-later is not available today</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="55" />
        <source>The card reader is not working</source>
        <translation>The card reader is not working</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="56" />
        <source>This kiosk cannot find its card reader.</source>
        <translation>This kiosk cannot find its card reader.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="59" />
        <source>The card reader is not ready</source>
        <translation>The card reader is not ready</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="60" />
        <source>The card reader is not answering at the moment.</source>
        <translation>The card reader is not answering at the moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="63" />
        <source>No card found</source>
        <translation>No card found</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="64" />
        <source>We could not find a card in the reader.</source>
        <translation>We could not find a card in the reader.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="65" />
        <source>Please insert your medical insurance card, chip first and face up.</source>
        <translation>Please insert your medical insurance card, chip first and face up.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="68" />
        <source>The card was taken out too soon</source>
        <translation>The card was taken out too soon</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="69" />
        <source>The card was taken out while we were reading it.</source>
        <translation>The card was taken out while we were reading it.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="70" />
        <source>Please insert your card again and leave it in until you finish.</source>
        <translation>Please insert your card again and leave it in until you finish.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="73" />
        <source>Your card could not be read</source>
        <translation>Your card could not be read</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="74" />
        <source>The card did not answer. It may be inserted the wrong way.</source>
        <translation>The card did not answer. It may be inserted the wrong way.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="76" />
        <source>Please take the card out, insert it chip first and face up, then tap "Try again".</source>
        <translation>Please take the card out, insert it chip first and face up, then tap "Try again".</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="80" />
        <source>This card cannot be used here</source>
        <translation>This card cannot be used here</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="81" />
        <source>This is not a medical insurance card we can read.</source>
        <translation>This is not a medical insurance card we can read.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="82" />
        <source>Please insert your medical insurance card, or go to the counter.</source>
        <translation>Please insert your medical insurance card, or go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="85" />
        <source>Please go to the counter</source>
        <translation>Please go to the counter</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="86" />
        <source>This card's details can only be read at the counter.</source>
        <translation>This card's details can only be read at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="88" />
        <source>Please go to the counter or use your electronic insurance QR code.</source>
        <translation>Please go to the counter or use your electronic insurance QR code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="92" />
        <source>Your card's details could not be read</source>
        <translation>Your card's details could not be read</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="93" />
        <source>The information on this card seems to be damaged.</source>
        <translation>The information on this card seems to be damaged.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="94" />
        <source>Please go to the counter. The staff can check your card.</source>
        <translation>Please go to the counter. The staff can check your card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="97" />
        <location filename="../../kiosk/ui/messages.py" line="187" />
        <source>Your card has expired</source>
        <translation>Your card has expired</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="98" />
        <location filename="../../kiosk/ui/messages.py" line="188" />
        <source>This medical insurance card is no longer valid.</source>
        <translation>This medical insurance card is no longer valid.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="99" />
        <source>Please go to the counter to be seen today, and renew your card at the social security office.</source>
        <translation>Please go to the counter to be seen today, and renew your card at the social security office.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="108" />
        <source>Cannot reach the hospital system</source>
        <translation>Cannot reach the hospital system</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="109" />
        <source>The kiosk is not connected at the moment.</source>
        <translation>The kiosk is not connected at the moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="110" />
        <source>Please tap "Try again" in a moment, or go to the counter.</source>
        <translation>Please tap "Try again" in a moment, or go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="113" />
        <source>The hospital system is slow</source>
        <translation>The hospital system is slow</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="114" />
        <source>The answer is taking too long.</source>
        <translation>The answer is taking too long.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="117" />
        <location filename="../../kiosk/ui/messages.py" line="134" />
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="118" />
        <source>The hospital system had a problem.</source>
        <translation>The hospital system had a problem.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="122" />
        <source>We cannot offer paying later on this card at the moment.</source>
        <translation>We cannot offer paying later on this card at the moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="125" />
        <source>The payment could not be finished here</source>
        <translation>The payment could not be finished here</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="126" />
        <source>The kiosk had a technical problem with this payment.</source>
        <translation>The kiosk had a technical problem with this payment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="127" />
        <source>Please go to the counter. The staff can check your payment.</source>
        <translation>Please go to the counter. The staff can check your payment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="130" />
        <source>This kiosk is not working right now</source>
        <translation>This kiosk is not working right now</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="131" />
        <source>The kiosk could not connect to the hospital system.</source>
        <translation>The kiosk could not connect to the hospital system.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="135" />
        <source>The hospital system could not finish your request.</source>
        <translation>The hospital system could not finish your request.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="141" />
        <source>Your medical insurance is not active</source>
        <translation>Your medical insurance is not active</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="142" />
        <source>Your insurance is not active now, so paying later is not possible today.</source>
        <translation>Your insurance is not active now, so paying later is not possible today.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="147" />
        <source>Please link your card first</source>
        <translation>Please link your card first</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="148" />
        <source>Your card is not yet linked to "see the doctor first, pay later".</source>
        <translation>Your card is not yet linked to "see the doctor first, pay later".</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="151" />
        <source>Please go to the payment counter once to link your card. After that you can use this kiosk.</source>
        <translation>Please go to the payment counter once to link your card. After that you can use this kiosk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="155" />
        <source>Your pay-later service is paused</source>
        <translation>Your pay-later service is paused</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="156" />
        <source>Your "see the doctor first, pay later" service is paused. The payment counter can tell you why.</source>
        <translation>Your "see the doctor first, pay later" service is paused. The payment counter can tell you why.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="162" />
        <source>Your credit check does not meet the requirement for paying later yet.</source>
        <translation>Your credit check does not meet the requirement for paying later yet.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="169" />
        <source>Paying later is not available for this card. The payment counter can tell you more.</source>
        <translation>Paying later is not available for this card. The payment counter can tell you more.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="174" />
        <source>You have an unpaid bill</source>
        <translation>You have an unpaid bill</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="175" />
        <source>An earlier bill is not paid yet. After you pay it at the counter, you can pay later again.</source>
        <translation>An earlier bill is not paid yet. After you pay it at the counter, you can pay later again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="180" />
        <source>This card does not match our records</source>
        <translation>This card does not match our records</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="181" />
        <source>The card details are different from the hospital records.</source>
        <translation>The card details are different from the hospital records.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="183" />
        <source>Please go to the counter with your ID card. The staff will help you.</source>
        <translation>Please go to the counter with your ID card. The staff will help you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="192" />
        <source>This department is not available</source>
        <translation>This department is not available</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="193" />
        <source>We could not find this department.</source>
        <translation>We could not find this department.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="194" />
        <location filename="../../kiosk/ui/messages.py" line="200" />
        <source>Please start again and choose another department, or ask at the counter.</source>
        <translation>Please start again and choose another department, or ask at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="198" />
        <source>This department is closed now</source>
        <translation>This department is closed now</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="199" />
        <source>This department is not seeing patients at the moment.</source>
        <translation>This department is not seeing patients at the moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="204" />
        <source>We could not find your visit</source>
        <translation>We could not find your visit</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="205" />
        <source>Today's visit was not found in the hospital system.</source>
        <translation>Today's visit was not found in the hospital system.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="208" />
        <source>This visit is already finished</source>
        <translation>This visit is already finished</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="209" />
        <source>This visit has already been closed.</source>
        <translation>This visit has already been closed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="212" />
        <source>The bill is over your pay-later limit</source>
        <translation>The bill is over your pay-later limit</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="213" />
        <source>This bill is more than the amount you can pay later.</source>
        <translation>This bill is more than the amount you can pay later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="215" />
        <source>Please pay this bill at the payment counter.</source>
        <translation>Please pay this bill at the payment counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="217" />
        <source>Nothing to pay</source>
        <translation>Nothing to pay</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="218" />
        <source>There is nothing to pay for this visit.</source>
        <translation>There is nothing to pay for this visit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="219" />
        <source>You can take your card. Thank you.</source>
        <translation>You can take your card. Thank you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="221" />
        <source>Your bill has changed</source>
        <translation>Your bill has changed</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="222" />
        <source>New charges were added, so the amount is different.</source>
        <translation>New charges were added, so the amount is different.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="223" />
        <source>Please check the new amount before you pay.</source>
        <translation>Please check the new amount before you pay.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="225" />
        <source>Already paid</source>
        <translation>Already paid</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="226" />
        <source>This visit is already paid. You will not be charged again.</source>
        <translation>This visit is already paid. You will not be charged again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="228" />
        <source>You can take your card. The counter can print your receipt.</source>
        <translation>You can take your card. The counter can print your receipt.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="231" />
        <source>Your payment is being confirmed</source>
        <translation>Your payment is being confirmed</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="232" />
        <source>A payment for this visit is already on its way. Please do not pay again.</source>
        <translation>A payment for this visit is already on its way. Please do not pay again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="235" />
        <source>Please insert your card again in a few minutes to see the result, or ask at the counter.</source>
        <translation>Please insert your card again in a few minutes to see the result, or ask at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="243" />
        <source>You are already checked in</source>
        <translation>You are already checked in</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="244" />
        <source>You have already checked in to this department today.</source>
        <translation>You have already checked in to this department today.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="246" />
        <source>Please wait near the room until your number is called.</source>
        <translation>Please wait near the room until your number is called.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="252" />
        <source>We could not find your records</source>
        <translation>We could not find your records</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="253" />
        <source>The hospital has no record for this card yet.</source>
        <translation>The hospital has no record for this card yet.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="255" />
        <source>Please go to the payment counter once to link your card.</source>
        <translation>Please go to the payment counter once to link your card.</translation>
    </message>
</context>
<context>
    <name>NotEligibleScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="114" />
        <source>Pay-later is not available today</source>
        <translation>Pay-later is not available today</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="116" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>ReadingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="55" />
        <source>Reading your card…</source>
        <translation>Reading your card…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="58" />
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="61" />
        <source>Please leave your card in the reader.</source>
        <translation>Please leave your card in the reader.</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="257" />
        <source>Scan for your electronic receipt</source>
        <translation>Scan for your electronic receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="258" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="269" />
        <source>Payment complete</source>
        <translation>Payment complete</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="271" />
        <source>Please pay at the counter</source>
        <translation>Please pay at the counter</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="273" />
        <source>Your visit is settled, but the payment did not go through</source>
        <translation>Your visit is settled, but the payment did not go through</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="276" />
        <source>This is the result of the payment you made earlier.</source>
        <translation>This is the result of the payment you made earlier.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="277" />
        <source>Settlement number: {number}</source>
        <translation>Settlement number: {number}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="283" />
        <source>Still to pay: {amount}. Please pay it at the payment counter by {date}.</source>
        <translation>Still to pay: {amount}. Please pay it at the payment counter by {date}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="287" />
        <source>Still to pay: {amount}. Please pay it at the payment counter.</source>
        <translation>Still to pay: {amount}. Please pay it at the payment counter.</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="82" />
        <source>Building {building}, floor {floor}, room {room}</source>
        <translation>Building {building}, floor {floor}, room {room}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="89" />
        <source>No wait</source>
        <translation>No wait</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="90" />
        <source>Wait about {minutes} min</source>
        <translation>Wait about {minutes} min</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="150" />
        <source>Please wait…</source>
        <translation>Please wait…</translation>
    </message>
</context>
<context>
    <name>SettlingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="207" />
        <source>Confirming your payment…</source>
        <translation>Confirming your payment…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="208" />
        <source>Your payment is being confirmed. Please do not pay again.</source>
        <translation>Your payment is being confirmed. Please do not pay again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="211" />
        <source>This can take a little while. Please keep your card in the reader.</source>
        <translation>This can take a little while. Please keep your card in the reader.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="214" />
        <source>Paying…</source>
        <translation>Paying…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="216" />
        <source>Please keep your card in the reader.</source>
        <translation>Please keep your card in the reader.</translation>
    </message>
</context>
<context>
    <name>SplitPanel</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="98" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="99" />
        <source>Insurance pays</source>
        <translation>Insurance pays</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="100" />
        <source>Personal account pays</source>
        <translation>Personal account pays</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="101" />
        <source>You pay</source>
        <translation>You pay</translation>
    </message>
</context>
<context>
    <name>TakeCardScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="201" />
        <source>Please take your card</source>
        <translation>Please take your card</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="202" />
        <source>Thank you. We wish you good health.</source>
        <translation>Thank you. We wish you good health.</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="229" />
        <source>Your number</source>
        <translation>Your number</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="230" />
        <source>Please go there and wait until your number is called.</source>
        <translation>Please go there and wait until your number is called.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="231" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="237" />
        <source>You are already checked in</source>
        <translation>You are already checked in</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="238" />
        <source>You are checked in</source>
        <translation>You are checked in</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="82" />
        <source>Self-service: see the doctor first, pay later</source>
        <translation>Self-service: see the doctor first, pay later</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="85" />
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
</context>
</TS>