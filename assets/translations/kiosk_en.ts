<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AdminPanel</name>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="217" />
        <location filename="../../kiosk/install/admin/dialog.py" line="251" />
        <source>Kiosk administration</source>
        <translation>Kiosk administration</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="252" />
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="252" />
        <source>Code scanner</source>
        <translation>Code scanner</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="253" />
        <source>Backend</source>
        <translation>Backend</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="254" />
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="254" />
        <source>Settlements</source>
        <translation>Settlements</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="257" />
        <source>Refresh</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="258" />
        <source>Diagnostics bundle</source>
        <translation>Diagnostics bundle</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="259" />
        <source>Run setup again</source>
        <translation>Run setup again</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="260" />
        <source>Leave the kiosk</source>
        <translation>Leave the kiosk</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="261" />
        <source>Back to the kiosk</source>
        <translation>Back to the kiosk</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="329" />
        <source>Diagnostics written to {path}</source>
        <translation>Diagnostics written to {path}</translation>
    </message>
</context>
<context>
    <name>AdminStatus</name>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="56" />
        <source>pyscard missing</source>
        <translation>pyscard missing</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="58" />
        <source>PC/SC service not available</source>
        <translation>PC/SC service not available</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="60" />
        <source>{reader}: present</source>
        <translation>{reader}: present</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="61" />
        <source>{reader}: MISSING</source>
        <translation>{reader}: MISSING</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="64" />
        <source>no reader</source>
        <translation>no reader</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="69" />
        <source>not configured</source>
        <translation>not configured</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="73" />
        <source>ok, token accepted, {count} departments</source>
        <translation>ok, token accepted, {count} departments</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="79" />
        <source>clock OFF by {offset}: set this PC's time</source>
        <translation>clock OFF by {offset}: set this PC's time</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="83" />
        <source>clock not checked ({error})</source>
        <translation>clock not checked ({error})</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="86" />
        <source>clock unknown: the backend tells no time</source>
        <translation>clock unknown: the backend tells no time</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="87" />
        <source>clock ok ({offset})</source>
        <translation>clock ok ({offset})</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="92" />
        <source>not open</source>
        <translation>not open</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="94" />
        <source>error {error}</source>
        <translation>error {error}</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="96" />
        <source>ok, no settlement waiting</source>
        <translation>ok, no settlement waiting</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="97" />
        <source>{count} settlement(s) waiting ({states})</source>
        <translation>{count} settlement(s) waiting ({states})</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="107" />
        <source>no printer</source>
        <translation>no printer</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="103" />
        <source>{printer}: FAULT {fault} at {at}</source>
        <translation>{printer}: FAULT {fault} at {at}</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="284" />
        <source>ready</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="285" />
        <source>read through the kiosk's window: ready while the kiosk runs, plugged in or not (test it with a scan)</source>
        <translation>read through the kiosk's window: ready while the kiosk runs, plugged in or not (test it with a scan)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="288" />
        <source>the scanner setting is not none, serial:PORT[@BAUD], keyboard:DEVICE or camera:DEVICE</source>
        <translation>the scanner setting is not none, serial:PORT[@BAUD], keyboard:DEVICE or camera:DEVICE</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="291" />
        <source>the scanner's speed must be a number from 300 to 4000000</source>
        <translation>the scanner's speed must be a number from 300 to 4000000</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="293" />
        <source>no scanner there: plug it in, or set the path `kiosk scanner list` shows</source>
        <translation>no scanner there: plug it in, or set the path `kiosk scanner list` shows</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="295" />
        <source>the kiosk's user may not open it: add the dialout group (serial), the video group (camera) or the scanner's udev rule (keyboard mode), see deploy-linux.md</source>
        <translation>the kiosk's user may not open it: add the dialout group (serial), the video group (camera) or the scanner's udev rule (keyboard mode), see deploy-linux.md</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="299" />
        <source>another program holds it (a running kiosk, a terminal): close that program</source>
        <translation>another program holds it (a running kiosk, a terminal): close that program</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="302" />
        <source>there but cannot be opened: unplug it and plug it in again</source>
        <translation>there but cannot be opened: unplug it and plug it in again</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="60" />
        <source>See the doctor first, pay once at the end</source>
        <translation>See the doctor first, pay once at the end</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="61" />
        <source>This kiosk cannot reach the hospital system right now</source>
        <translation>This kiosk cannot reach the hospital system right now</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="64" />
        <source>It will be back by itself as soon as the connection returns.</source>
        <translation>It will be back by itself as soon as the connection returns.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="66" />
        <source>Wheelchair</source>
        <translation>Wheelchair</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="67" />
        <source>The connection to the hospital system is slow right now: each step may take a little longer. You can still use this kiosk.</source>
        <translation>The connection to the hospital system is slow right now: each step may take a little longer. You can still use this kiosk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="76" />
        <source>Care mode is on: tap to leave</source>
        <translation>Care mode is on: tap to leave</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="77" />
        <source>Care mode</source>
        <translation>Care mode</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="84" />
        <source>Out of service</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="85" />
        <source>Please insert your medical insurance card</source>
        <translation>Please insert your medical insurance card</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="86" />
        <source>Chip first, face up. Leave the card in until you finish.</source>
        <translation>Chip first, face up. Leave the card in until you finish.</translation>
    </message>
</context>
<context>
    <name>Bill</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="29" />
        <source>Consultation</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="30" />
        <source>Medicines</source>
        <translation>Medicines</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="31" />
        <source>Laboratory tests</source>
        <translation>Laboratory tests</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="32" />
        <source>Imaging</source>
        <translation>Imaging</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="33" />
        <source>Treatment</source>
        <translation>Treatment</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="35" />
        <source>Other</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="36" />
        <source>Other charges</source>
        <translation>Other charges</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="115" />
        <source>Nothing more to pay</source>
        <translation>Nothing more to pay</translation>
    </message>
</context>
<context>
    <name>BillScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="154" />
        <source>Your bill</source>
        <translation>Your bill</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="155" />
        <source>The bill has changed. Please check the new amount.</source>
        <translation>The bill has changed. Please check the new amount.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="156" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="157" />
        <source>Confirm and pay</source>
        <translation>Confirm and pay</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="175" />
        <source>Confirm and pay {amount}</source>
        <translation>Confirm and pay {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="178" />
        <source>Confirm · nothing more to pay</source>
        <translation>Confirm · nothing more to pay</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="185" />
        <source>Settled under the policy of your insured place, {code}.</source>
        <translation>Settled under the policy of your insured place, {code}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="201" />
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>CareOffer</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="289" />
        <source>Larger text and a voice that reads the screen?</source>
        <translation>Larger text and a voice that reads the screen?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="290" />
        <source>Care mode</source>
        <translation>Care mode</translation>
    </message>
</context>
<context>
    <name>CheckInScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="130" />
        <source>Where would you like to check in?</source>
        <translation>Where would you like to check in?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="131" />
        <location filename="../../kiosk/ui/screens/visit.py" line="159" />
        <source>Choose a department:</source>
        <translation>Choose a department:</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="132" />
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="133" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="134" />
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="143" />
        <source>You can see the doctor first and pay once at the end. Credit available: {amount}</source>
        <translation>You can see the doctor first and pay once at the end. Credit available: {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="145" />
        <source>You can see the doctor first and pay once at the end.</source>
        <translation>You can see the doctor first and pay once at the end.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="151" />
        <source>Today's appointment: {time} {department}
Tap here to check in</source>
        <translation>Today's appointment: {time} {department}
Tap here to check in</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="158" />
        <source>Or choose a department:</source>
        <translation>Or choose a department:</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="189" />
        <source>Check in to {department}?</source>
        <translation>Check in to {department}?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="203" />
        <source>Closed now</source>
        <translation>Closed now</translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="46" />
        <source>Insert: eligible patient</source>
        <translation>Insert: eligible patient</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="47" />
        <source>Insert: first time (not linked)</source>
        <translation>Insert: first time (not linked)</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="48" />
        <source>Insert: not eligible</source>
        <translation>Insert: not eligible</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="49" />
        <source>Insert: expired card</source>
        <translation>Insert: expired card</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="50" />
        <source>Insert: third-generation card</source>
        <translation>Insert: third-generation card</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="51" />
        <source>Insert: insured in another city of the province</source>
        <translation>Insert: insured in another city of the province</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="53" />
        <source>Insert: insured in another province, filed</source>
        <translation>Insert: insured in another province, filed</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="55" />
        <source>Insert: insured in another province, not filed</source>
        <translation>Insert: insured in another province, not filed</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="60" />
        <source>Voucher QR: eligible patient</source>
        <translation>Voucher QR: eligible patient</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="61" />
        <source>Voucher QR: first time (not linked)</source>
        <translation>Voucher QR: first time (not linked)</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="62" />
        <source>Voucher QR: not eligible</source>
        <translation>Voucher QR: not eligible</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="63" />
        <source>Voucher QR: patient whose card expired</source>
        <translation>Voucher QR: patient whose card expired</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="64" />
        <source>Voucher QR: third-generation card holder</source>
        <translation>Voucher QR: third-generation card holder</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="66" />
        <source>Voucher QR: insured in another city of the province</source>
        <translation>Voucher QR: insured in another city of the province</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="68" />
        <source>Voucher QR: insured in another province, filed</source>
        <translation>Voucher QR: insured in another province, filed</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="70" />
        <source>Voucher QR: insured in another province, not filed</source>
        <translation>Voucher QR: insured in another province, not filed</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="97" />
        <source>Remove card</source>
        <translation>Remove card</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="102" />
        <source>Add charges</source>
        <translation>Add charges</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="122" />
        <source>Scan this code</source>
        <translation>Scan this code</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="148" />
        <source>Kiosk demo panel</source>
        <translation>Kiosk demo panel</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="152" />
        <source>Add charges: plays the hospital's departments. It adds a consultation fee, a blood test and a prescription to the eligible patient's open visit. Check the patient in at the kiosk first; insert the card again afterwards to see the bill and pay.</source>
        <translation>Add charges: plays the hospital's departments. It adds a consultation fee, a blood test and a prescription to the eligible patient's open visit. Check the patient in at the kiosk first; insert the card again afterwards to see the bill and pay.</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="159" />
        <source>The patient's e-insurance voucher, as the phone app shows it: signed by the demo insurer, valid for two minutes and for one scan. A new code comes every minute.</source>
        <translation>The patient's e-insurance voucher, as the phone app shows it: signed by the demo insurer, valid for two minutes and for one scan. A new code comes every minute.</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="161" />
        <source>Demo backend: {url}</source>
        <translation>Demo backend: {url}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="163" />
        <source>Counter staff logins (kiosk counter --backend-url {url}):</source>
        <translation>Counter staff logins (kiosk counter --backend-url {url}):</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="193" />
        <source>could not get a voucher: {error}</source>
        <translation>could not get a voucher: {error}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="202" />
        <source>code scanned</source>
        <translation>code scanned</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="204" />
        <source>scan failed: {error}</source>
        <translation>scan failed: {error}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="231" />
        <source>card inserted: {key}</source>
        <translation>card inserted: {key}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="233" />
        <source>insert failed: {error}</source>
        <translation>insert failed: {error}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="238" />
        <source>card removed</source>
        <translation>card removed</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="244" />
        <source>charges posted to visit {visit}</source>
        <translation>charges posted to visit {visit}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="246" />
        <source>could not post charges: {error}</source>
        <translation>could not post charges: {error}</translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="246" />
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="247" />
        <location filename="../../kiosk/ui/screens/entry.py" line="259" />
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="257" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>FirstTimeScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="146" />
        <source>Welcome! Please link your card first</source>
        <translation>Welcome! Please link your card first</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="150" />
        <source>It only takes a few minutes. Next time you can see the doctor first and pay once at the end.</source>
        <translation>It only takes a few minutes. Next time you can see the doctor first and pay once at the end.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="152" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../kiosk/ui/help.py" line="30" />
        <source>Calling a member of staff…</source>
        <translation>Calling a member of staff…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/help.py" line="31" />
        <source>Someone is coming to help you. Please stay at this kiosk.</source>
        <translation>Someone is coming to help you. Please stay at this kiosk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/help.py" line="33" />
        <source>A member of staff is on the way to you.</source>
        <translation>A member of staff is on the way to you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/help.py" line="35" />
        <source>We could not call a member of staff. Please go to the counter for help.</source>
        <translation>We could not call a member of staff. Please go to the counter for help.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/help.py" line="89" />
        <source>Help</source>
        <translation>Help</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="252" />
        <source>Do you need more time?</source>
        <translation>Do you need more time?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="253" />
        <source>More time</source>
        <translation>More time</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="257" />
        <source>This screen will close in {seconds} seconds.</source>
        <translation>This screen will close in {seconds} seconds.</translation>
    </message>
</context>
<context>
    <name>ItineraryScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="293" />
        <source>Your next stops</source>
        <translation>Your next stops</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="294" />
        <source>Pay now</source>
        <translation>Pay now</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="295" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="304" />
        <source>You have no more stops. You can pay now.</source>
        <translation>You have no more stops. You can pay now.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="314" />
        <source>{queue} · walk about {walk} min</source>
        <translation>{queue} · walk about {walk} min</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="322" />
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="323" />
        <source>For: {items}</source>
        <translation>For: {items}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="330" />
        <source>About {minutes} min in total</source>
        <translation>About {minutes} min in total</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="472" />
        <source>on</source>
        <translation>on</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="473" />
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="620" />
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
        <source>Please go to the payment counter, window 1, in the main hall on the ground floor.</source>
        <translation>Please go to the payment counter, window 1, in the main hall on the ground floor.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="50" />
        <source>Please ask the staff at the counter for help.</source>
        <translation>Please ask the staff at the counter for help.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="51" />
        <source>Please tap "Try again". If it happens again, please go to the counter.</source>
        <translation>Please tap "Try again". If it happens again, please go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="53" />
        <source>Please use another kiosk, or ask the staff at the counter for help.</source>
        <translation>Please use another kiosk, or ask the staff at the counter for help.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="55" />
        <source>Pay-later is not available today</source>
        <translation>Pay-later is not available today</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="59" />
        <source>The card reader is not working</source>
        <translation>The card reader is not working</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="60" />
        <source>This kiosk cannot find its card reader.</source>
        <translation>This kiosk cannot find its card reader.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="63" />
        <source>The card reader is not ready</source>
        <translation>The card reader is not ready</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="64" />
        <source>The card reader is not answering at the moment.</source>
        <translation>The card reader is not answering at the moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="67" />
        <source>No card found</source>
        <translation>No card found</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="68" />
        <source>We could not find a card in the reader.</source>
        <translation>We could not find a card in the reader.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="69" />
        <source>Please insert your medical insurance card, chip first and face up.</source>
        <translation>Please insert your medical insurance card, chip first and face up.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="72" />
        <source>The card was taken out too soon</source>
        <translation>The card was taken out too soon</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="73" />
        <source>The card was taken out while we were reading it.</source>
        <translation>The card was taken out while we were reading it.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="74" />
        <source>Please insert your card again and leave it in until you finish.</source>
        <translation>Please insert your card again and leave it in until you finish.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="77" />
        <source>Your card could not be read</source>
        <translation>Your card could not be read</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="78" />
        <source>The card did not answer. It may be inserted the wrong way.</source>
        <translation>The card did not answer. It may be inserted the wrong way.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="80" />
        <source>Please take the card out, insert it chip first and face up, then tap "Try again".</source>
        <translation>Please take the card out, insert it chip first and face up, then tap "Try again".</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="84" />
        <source>This card cannot be used here</source>
        <translation>This card cannot be used here</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="85" />
        <source>This is not a medical insurance card we can read.</source>
        <translation>This is not a medical insurance card we can read.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="86" />
        <source>Please insert your medical insurance card, or go to the counter.</source>
        <translation>Please insert your medical insurance card, or go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="89" />
        <source>Please go to the counter</source>
        <translation>Please go to the counter</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="90" />
        <source>This card's details can only be read at the counter.</source>
        <translation>This card's details can only be read at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="92" />
        <source>Please go to the counter or use your electronic insurance QR code.</source>
        <translation>Please go to the counter or use your electronic insurance QR code.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="96" />
        <source>Your card's details could not be read</source>
        <translation>Your card's details could not be read</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="97" />
        <source>The information on this card seems to be damaged.</source>
        <translation>The information on this card seems to be damaged.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="98" />
        <source>Please go to the counter. The staff can check your card.</source>
        <translation>Please go to the counter. The staff can check your card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="101" />
        <location filename="../../kiosk/ui/messages.py" line="193" />
        <source>Your card has expired</source>
        <translation>Your card has expired</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="102" />
        <location filename="../../kiosk/ui/messages.py" line="194" />
        <source>This medical insurance card is no longer valid.</source>
        <translation>This medical insurance card is no longer valid.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="103" />
        <source>Please go to the counter to be seen today, and renew your card at the social security office.</source>
        <translation>Please go to the counter to be seen today, and renew your card at the social security office.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="112" />
        <source>Cannot reach the hospital system</source>
        <translation>Cannot reach the hospital system</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="113" />
        <source>The kiosk is not connected at the moment.</source>
        <translation>The kiosk is not connected at the moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="114" />
        <source>Please tap "Try again" in a moment, or go to the counter.</source>
        <translation>Please tap "Try again" in a moment, or go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="117" />
        <source>The hospital system is slow</source>
        <translation>The hospital system is slow</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="118" />
        <source>The answer is taking too long.</source>
        <translation>The answer is taking too long.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="121" />
        <location filename="../../kiosk/ui/messages.py" line="138" />
        <source>Something went wrong</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="122" />
        <source>The hospital system had a problem.</source>
        <translation>The hospital system had a problem.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="126" />
        <source>We cannot offer paying later on this card at the moment.</source>
        <translation>We cannot offer paying later on this card at the moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="129" />
        <source>The payment could not be finished here</source>
        <translation>The payment could not be finished here</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="130" />
        <source>The kiosk had a technical problem with this payment.</source>
        <translation>The kiosk had a technical problem with this payment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="131" />
        <source>Please go to the counter. The staff can check your payment.</source>
        <translation>Please go to the counter. The staff can check your payment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="134" />
        <source>This kiosk is not working right now</source>
        <translation>This kiosk is not working right now</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="135" />
        <source>The kiosk could not connect to the hospital system.</source>
        <translation>The kiosk could not connect to the hospital system.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="139" />
        <source>The hospital system could not finish your request.</source>
        <translation>The hospital system could not finish your request.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="145" />
        <source>Your medical insurance is not active</source>
        <translation>Your medical insurance is not active</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="146" />
        <source>Your insurance is not active now, so paying later is not possible today.</source>
        <translation>Your insurance is not active now, so paying later is not possible today.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="151" />
        <source>Please link your card first</source>
        <translation>Please link your card first</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="152" />
        <source>Your card is not yet linked to "see the doctor first, pay later".</source>
        <translation>Your card is not yet linked to "see the doctor first, pay later".</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="155" />
        <source>Please go to the payment counter once to link your card. After that you can use this kiosk.</source>
        <translation>Please go to the payment counter once to link your card. After that you can use this kiosk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="159" />
        <source>Your pay-later service is paused</source>
        <translation>Your pay-later service is paused</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="160" />
        <source>Your "see the doctor first, pay later" service is paused. The payment counter can tell you why.</source>
        <translation>Your "see the doctor first, pay later" service is paused. The payment counter can tell you why.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="166" />
        <source>Paying later needs a credit score above the level the hospital sets, and yours is below it today. Paying a bill does not change this at once.</source>
        <translation>Paying later needs a credit score above the level the hospital sets, and yours is below it today. Paying a bill does not change this at once.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="180" />
        <source>An earlier bill is past its due date and not paid yet.</source>
        <translation>An earlier bill is past its due date and not paid yet.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="182" />
        <source>You can pay it at the payment counter, window 1, in the main hall on the ground floor. The staff will tell you the amount.</source>
        <translation>You can pay it at the payment counter, window 1, in the main hall on the ground floor. The staff will tell you the amount.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="197" />
        <source>This card cannot be used to pay later here</source>
        <translation>This card cannot be used to pay later here</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="198" />
        <source>This is an older card that cannot prove itself to the kiosk, so paying later is not possible with it. A new card from the social security office can.</source>
        <translation>This is an older card that cannot prove itself to the kiosk, so paying later is not possible with it. A new card from the social security office can.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="204" />
        <source>We could not check this card</source>
        <translation>We could not check this card</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="205" />
        <source>The card's security check did not succeed, so paying later is not possible with it now. The payment counter can check the card.</source>
        <translation>The card's security check did not succeed, so paying later is not possible with it now. The payment counter can check the card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="285" />
        <source>Your session has ended</source>
        <translation>Your session has ended</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="286" />
        <source>For your privacy, the kiosk ends a session after a few minutes without use. Nothing was charged.</source>
        <translation>For your privacy, the kiosk ends a session after a few minutes without use. Nothing was charged.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="289" />
        <source>Please take out your card and insert it again. If you used the insurance code in your app, please refresh it and scan it again.</source>
        <translation>Please take out your card and insert it again. If you used the insurance code in your app, please refresh it and scan it again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="302" />
        <source>Please open your medical insurance app, refresh the code, and scan it again. Or insert your medical insurance card.</source>
        <translation>Please open your medical insurance app, refresh the code, and scan it again. Or insert your medical insurance card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="307" />
        <source>Filing means telling your insurance office before you are treated elsewhere. You can file in the national medical insurance app or with your insurance office; after that, your bills here can be settled directly.</source>
        <translation>Filing means telling your insurance office before you are treated elsewhere. You can file in the national medical insurance app or with your insurance office; after that, your bills here can be settled directly.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="314" />
        <source>This code has expired</source>
        <translation>This code has expired</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="315" />
        <source>The insurance code in your app is only valid for a short time, and this one is too old.</source>
        <translation>The insurance code in your app is only valid for a short time, and this one is too old.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="320" />
        <source>This code cannot be used</source>
        <translation>This code cannot be used</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="321" />
        <source>This is not a medical insurance code the insurance office recognises.</source>
        <translation>This is not a medical insurance code the insurance office recognises.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="326" />
        <source>This code was already used</source>
        <translation>This code was already used</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="327" />
        <source>Each insurance code can be used only once, and this one has been used.</source>
        <translation>Each insurance code can be used only once, and this one has been used.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="332" />
        <source>The insurance service is not answering</source>
        <translation>The insurance service is not answering</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="333" />
        <source>We could not check your insurance code with the insurance office just now.</source>
        <translation>We could not check your insurance code with the insurance office just now.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="336" />
        <source>Please insert your medical insurance card, or scan your code again in a moment.</source>
        <translation>Please insert your medical insurance card, or scan your code again in a moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="340" />
        <source>You are insured in another province</source>
        <translation>You are insured in another province</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="341" />
        <source>Your insurance is from another province and no filing for treatment here was found, so paying later is not possible today. You can still be treated; the bill is settled the traditional way.</source>
        <translation>Your insurance is from another province and no filing for treatment here was found, so paying later is not possible today. You can still be treated; the bill is settled the traditional way.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="347" />
        <source>You are insured in another region</source>
        <translation>You are insured in another region</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="348" />
        <source>This hospital offers paying later only to patients insured here, and your insurance is from another region.</source>
        <translation>This hospital offers paying later only to patients insured here, and your insurance is from another region.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="355" />
        <source>The code could not be read</source>
        <translation>The code could not be read</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="356" />
        <source>Something was scanned, but it is not a medical insurance code we can read.</source>
        <translation>Something was scanned, but it is not a medical insurance code we can read.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="359" />
        <source>Please show the code from your medical insurance app and hold it still under the scanner. Or insert your medical insurance card.</source>
        <translation>Please show the code from your medical insurance app and hold it still under the scanner. Or insert your medical insurance card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="174" />
        <source>Paying later is not available for this card. The payment counter can tell you more.</source>
        <translation>Paying later is not available for this card. The payment counter can tell you more.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="179" />
        <source>You have an unpaid bill</source>
        <translation>You have an unpaid bill</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="186" />
        <source>This card does not match our records</source>
        <translation>This card does not match our records</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="187" />
        <source>The card details are different from the hospital records.</source>
        <translation>The card details are different from the hospital records.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="189" />
        <source>Please go to the counter with your ID card. The staff will help you.</source>
        <translation>Please go to the counter with your ID card. The staff will help you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="211" />
        <source>This department is not available</source>
        <translation>This department is not available</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="212" />
        <source>We could not find this department.</source>
        <translation>We could not find this department.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="213" />
        <location filename="../../kiosk/ui/messages.py" line="219" />
        <source>Please start again and choose another department, or ask at the counter.</source>
        <translation>Please start again and choose another department, or ask at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="217" />
        <source>This department is closed now</source>
        <translation>This department is closed now</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="218" />
        <source>This department is not seeing patients at the moment.</source>
        <translation>This department is not seeing patients at the moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="223" />
        <source>We could not find your visit</source>
        <translation>We could not find your visit</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="224" />
        <source>Today's visit was not found in the hospital system.</source>
        <translation>Today's visit was not found in the hospital system.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="227" />
        <source>This visit is already finished</source>
        <translation>This visit is already finished</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="228" />
        <source>This visit has already been closed.</source>
        <translation>This visit has already been closed.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="231" />
        <source>The bill is over your pay-later limit</source>
        <translation>The bill is over your pay-later limit</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="232" />
        <source>This bill is more than the amount you can pay later.</source>
        <translation>This bill is more than the amount you can pay later.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="234" />
        <source>Please pay this bill at the payment counter.</source>
        <translation>Please pay this bill at the payment counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="236" />
        <source>Nothing to pay</source>
        <translation>Nothing to pay</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="237" />
        <source>There is nothing to pay for this visit.</source>
        <translation>There is nothing to pay for this visit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="238" />
        <source>You can take your card. Thank you.</source>
        <translation>You can take your card. Thank you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="240" />
        <source>Your bill has changed</source>
        <translation>Your bill has changed</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="241" />
        <source>New charges were added, so the amount is different.</source>
        <translation>New charges were added, so the amount is different.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="242" />
        <source>Please check the new amount before you pay.</source>
        <translation>Please check the new amount before you pay.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="244" />
        <source>Already paid</source>
        <translation>Already paid</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="245" />
        <source>This visit is already paid. You will not be charged again.</source>
        <translation>This visit is already paid. You will not be charged again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="247" />
        <source>You can take your card. The counter can print your receipt.</source>
        <translation>You can take your card. The counter can print your receipt.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="250" />
        <source>Your payment is being confirmed</source>
        <translation>Your payment is being confirmed</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="251" />
        <source>A payment for this visit is already on its way. Please do not pay again.</source>
        <translation>A payment for this visit is already on its way. Please do not pay again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="254" />
        <source>Please insert your card again in a few minutes to see the result, or ask at the counter.</source>
        <translation>Please insert your card again in a few minutes to see the result, or ask at the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="262" />
        <source>You are already checked in</source>
        <translation>You are already checked in</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="263" />
        <source>You have already checked in to this department today.</source>
        <translation>You have already checked in to this department today.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="265" />
        <source>Please wait near the room until your number is called.</source>
        <translation>Please wait near the room until your number is called.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="272" />
        <source>We could not find your records</source>
        <translation>We could not find your records</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="273" />
        <source>The hospital has no record for this card yet.</source>
        <translation>The hospital has no record for this card yet.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="275" />
        <source>Please go to the payment counter once to link your card.</source>
        <translation>Please go to the payment counter once to link your card.</translation>
    </message>
</context>
<context>
    <name>NotEligibleScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="192" />
        <source>Amount to pay: {amount}. {where}</source>
        <translation>Amount to pay: {amount}. {where}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="174" />
        <source>Pay-later is not available today</source>
        <translation>Pay-later is not available today</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="176" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
</context>
<context>
    <name>NotPaidScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="384" />
        <source>Not paid yet</source>
        <translation>Not paid yet</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="385" />
        <source>Your card was taken out before you paid. Nothing was charged.</source>
        <translation>Your card was taken out before you paid. Nothing was charged.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="387" />
        <source>To pay, insert your card again. You can also pay at the payment counter.</source>
        <translation>To pay, insert your card again. You can also pay at the payment counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="389" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>OutOfService</name>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="27" />
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="28" />
        <source>Backend certificates</source>
        <translation>Backend certificates</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="29" />
        <source>Admin PIN</source>
        <translation>Admin PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="30" />
        <source>Card reader pin</source>
        <translation>Card reader pin</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="31" />
        <source>Virtual card reader present</source>
        <translation>Virtual card reader present</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="32" />
        <source>Window lock and admin mode</source>
        <translation>Window lock and admin mode</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="33" />
        <source>Demo mode</source>
        <translation>Demo mode</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="74" />
        <source>Out of service</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="75" />
        <source>This kiosk is out of service. Please go to the counter.</source>
        <translation>This kiosk is out of service. Please go to the counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="76" />
        <source>For hospital IT: the kiosk will not serve patients until this is fixed. Check with: kiosk --self-test</source>
        <translation>For hospital IT: the kiosk will not serve patients until this is fixed. Check with: kiosk --self-test</translation>
    </message>
</context>
<context>
    <name>PaymentPendingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="346" />
        <source>Your payment is being confirmed</source>
        <translation>Your payment is being confirmed</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="347" />
        <source>You will never be charged twice. Please do not pay again.</source>
        <translation>You will never be charged twice. Please do not pay again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="350" />
        <source>Take the printed slip, if there is one. Or insert your card again later to see the result.</source>
        <translation>Take the printed slip, if there is one. Or insert your card again later to see the result.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="352" />
        <location filename="../../kiosk/ui/screens/payment.py" line="362" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="356" />
        <source>Your reference number: {reference}</source>
        <translation>Your reference number: {reference}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="360" />
        <source>Amount: {amount}</source>
        <translation>Amount: {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="362" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="137" />
        <source>Admin PIN</source>
        <translation>Admin PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="168" />
        <source>Enter the admin PIN</source>
        <translation>Enter the admin PIN</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="170" />
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="170" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="171" />
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="184" />
        <source>Too many wrong PINs. Try again in {minutes} min.</source>
        <translation>Too many wrong PINs. Try again in {minutes} min.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="202" />
        <source>Wrong PIN. {left} tries left.</source>
        <translation>Wrong PIN. {left} tries left.</translation>
    </message>
</context>
<context>
    <name>ReadingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="107" />
        <source>Checking your insurance code…</source>
        <translation>Checking your insurance code…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="109" />
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="112" />
        <source>Reading your card…</source>
        <translation>Reading your card…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="115" />
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="118" />
        <source>Please leave your card in the reader.</source>
        <translation>Please leave your card in the reader.</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="279" />
        <source>Scan for your electronic receipt</source>
        <translation>Scan for your electronic receipt</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="280" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="291" />
        <source>Payment complete</source>
        <translation>Payment complete</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="293" />
        <source>Please pay at the counter</source>
        <translation>Please pay at the counter</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="295" />
        <source>Your visit is settled, but the payment did not go through</source>
        <translation>Your visit is settled, but the payment did not go through</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="298" />
        <source>This is the result of the payment you made earlier.</source>
        <translation>This is the result of the payment you made earlier.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="299" />
        <source>Settlement number: {number}</source>
        <translation>Settlement number: {number}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="305" />
        <source>Still to pay: {amount}. Please pay it at the payment counter by {date}.</source>
        <translation>Still to pay: {amount}. Please pay it at the payment counter by {date}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="309" />
        <source>Still to pay: {amount}. Please pay it at the payment counter.</source>
        <translation>Still to pay: {amount}. Please pay it at the payment counter.</translation>
    </message>
</context>
<context>
    <name>RegionNote</name>
    <message>
        <location filename="../../kiosk/ui/screens/region.py" line="29" />
        <source>You are insured in another city of this province. You can pay later here; the insurance share follows your home city's rules.</source>
        <translation>You are insured in another city of this province. You can pay later here; the insurance share follows your home city's rules.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/region.py" line="33" />
        <source>You are insured in another province and have filed for treatment here. Your bill is settled directly, by your home province's rules.</source>
        <translation>You are insured in another province and have filed for treatment here. Your bill is settled directly, by your home province's rules.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/region.py" line="36" />
        <source>You are insured in another province and no filing for treatment here was found. You can pay later here, but the insurance may pay a smaller share.</source>
        <translation>You are insured in another province and no filing for treatment here was found. You can pay later here, but the insurance may pay a smaller share.</translation>
    </message>
</context>
<context>
    <name>ScanPrompt</name>
    <message>
        <location filename="../../kiosk/ui/screens/scan.py" line="45" />
        <source>No card with you? Scan your e-insurance code</source>
        <translation>No card with you? Scan your e-insurance code</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/scan.py" line="46" />
        <source>Open your medical insurance app, show the QR code and hold it under the scanner.</source>
        <translation>Open your medical insurance app, show the QR code and hold it under the scanner.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/scan.py" line="49" />
        <source>The code scanner was unplugged, so codes cannot be scanned right now. Please insert your medical insurance card.</source>
        <translation>The code scanner was unplugged, so codes cannot be scanned right now. Please insert your medical insurance card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/scan.py" line="53" />
        <source>The code scanner is not working right now. Please insert your medical insurance card.</source>
        <translation>The code scanner is not working right now. Please insert your medical insurance card.</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="71" />
        <source>Building {building}, floor {floor}, room {room}</source>
        <translation>Building {building}, floor {floor}, room {room}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="78" />
        <source>No wait</source>
        <translation>No wait</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="79" />
        <source>Wait about {minutes} min</source>
        <translation>Wait about {minutes} min</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="88" />
        <source>{people} ahead of you</source>
        <translation>{people} ahead of you</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="89" />
        <source>Wait about {minutes} min · {people} ahead</source>
        <translation>Wait about {minutes} min · {people} ahead</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="192" />
        <source>Please wait…</source>
        <translation>Please wait…</translation>
    </message>
</context>
<context>
    <name>SettlingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="226" />
        <source>Confirming your payment…</source>
        <translation>Confirming your payment…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="227" />
        <source>Your payment is being confirmed. Please do not pay again.</source>
        <translation>Your payment is being confirmed. Please do not pay again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="230" />
        <source>This can take a little while. Please wait here.</source>
        <translation>This can take a little while. Please wait here.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="232" />
        <source>This can take a little while. Please keep your card in the reader.</source>
        <translation>This can take a little while. Please keep your card in the reader.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="235" />
        <source>Paying…</source>
        <translation>Paying…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="237" />
        <source>Please wait here.</source>
        <translation>Please wait here.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="238" />
        <source>Please keep your card in the reader.</source>
        <translation>Please keep your card in the reader.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="239" />
        <source>Kiosk setup</source>
        <translation>Kiosk setup</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="240" />
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="265" />
        <source>Admin PIN (6 to 12 digits)</source>
        <translation>Admin PIN (6 to 12 digits)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="273" />
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="273" />
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="241" />
        <source>Backend address (https://...)</source>
        <translation>Backend address (https://...)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="242" />
        <source>Kiosk token (from hospital IT)</source>
        <translation>Kiosk token (from hospital IT)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="243" />
        <source>CA certificate file (optional)</source>
        <translation>CA certificate file (optional)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="244" />
        <source>Client certificate file (optional)</source>
        <translation>Client certificate file (optional)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="245" />
        <source>Client key file (optional)</source>
        <translation>Client key file (optional)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="246" />
        <source>Test the connection</source>
        <translation>Test the connection</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="247" />
        <source>Choose the card reader. Readers seen now:</source>
        <translation>Choose the card reader. Readers seen now:</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="248" />
        <source>Look again</source>
        <translation>Look again</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="249" />
        <source>Choose the receipt printer:</source>
        <translation>Choose the receipt printer:</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="250" />
        <source>Network printer address (host:port)</source>
        <translation>Network printer address (host:port)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="251" />
        <source>Test the printer</source>
        <translation>Test the printer</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="252" />
        <source>Screen orientation</source>
        <translation>Screen orientation</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="253" />
        <source>Portrait</source>
        <translation>Portrait</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="254" />
        <source>Landscape</source>
        <translation>Landscape</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="255" />
        <source>Default language</source>
        <translation>Default language</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="259" />
        <source>Reach mode (wheelchair) moves every control to the part of the screen a seated person reaches (380 to 1220 mm above the floor). Leave both empty to use the lower half of the screen.</source>
        <translation>Reach mode (wheelchair) moves every control to the part of the screen a seated person reaches (380 to 1220 mm above the floor). Leave both empty to use the lower half of the screen.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="263" />
        <source>Height of the screen's lowest edge above the floor (mm)</source>
        <translation>Height of the screen's lowest edge above the floor (mm)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="264" />
        <source>Pixel size (mm, e.g. 0.2745)</source>
        <translation>Pixel size (mm, e.g. 0.2745)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="266" />
        <source>Admin PIN again</source>
        <translation>Admin PIN again</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="272" />
        <source>Step {n} of {total}</source>
        <translation>Step {n} of {total}</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="290" />
        <source>The PIN must be 6 to 12 digits.</source>
        <translation>The PIN must be 6 to 12 digits.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="296" />
        <source>Enter both the screen's height above the floor and the pixel size, or neither.</source>
        <translation>Enter both the screen's height above the floor and the pixel size, or neither.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="363" />
        <source>The backend address changed: enter the token for it again.</source>
        <translation>The backend address changed: enter the token for it again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="376" />
        <source>Testing the connection…</source>
        <translation>Testing the connection…</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="383" />
        <source>The backend answered and accepted the token ({detail}).</source>
        <translation>The backend answered and accepted the token ({detail}).</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="395" />
        <source>The address is not a valid https:// address.</source>
        <translation>The address is not a valid https:// address.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="396" />
        <source>Use https:// (plain http only on this PC).</source>
        <translation>Use https:// (plain http only on this PC).</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="397" />
        <source>Enter the kiosk token from hospital IT.</source>
        <translation>Enter the kiosk token from hospital IT.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="398" />
        <source>A certificate file was not found.</source>
        <translation>A certificate file was not found.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="399" />
        <source>The client certificate needs its key file.</source>
        <translation>The client certificate needs its key file.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="400" />
        <source>The backend cannot be reached. Check the address and network.</source>
        <translation>The backend cannot be reached. Check the address and network.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="401" />
        <source>The backend did not answer in time.</source>
        <translation>The backend did not answer in time.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="402" />
        <source>The backend's certificate was not accepted. Check the CA file.</source>
        <translation>The backend's certificate was not accepted. Check the CA file.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="403" />
        <source>The backend refused the token.</source>
        <translation>The backend refused the token.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="404" />
        <source>This token is not a kiosk token.</source>
        <translation>This token is not a kiosk token.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="406" />
        <source>The backend check failed ({code}).</source>
        <translation>The backend check failed ({code}).</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="421" />
        <source>The smart card service is not running.</source>
        <translation>The smart card service is not running.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="423" />
        <source>No card reader found. Connect one and look again.</source>
        <translation>No card reader found. Connect one and look again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="447" />
        <source>{count} reader(s) present.</source>
        <translation>{count} reader(s) present.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="461" />
        <source>No printer</source>
        <translation>No printer</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="468" />
        <source>ESC/POS network printer</source>
        <translation>ESC/POS network printer</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="292" />
        <location filename="../../kiosk/install/setup/wizard.py" line="484" />
        <source>Enter the printer as host:port, e.g. 10.0.0.20:9100.</source>
        <translation>Enter the printer as host:port, e.g. 10.0.0.20:9100.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="294" />
        <source>Enter millimetres as numbers, e.g. 700 and 0.2745.</source>
        <translation>Enter millimetres as numbers, e.g. 700 and 0.2745.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="438" />
        <source>{reader} (virtual: demo machines only)</source>
        <translation>{reader} (virtual: demo machines only)</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="450" />
        <source>Only a virtual reader is present: connect the card reader and look again.</source>
        <translation>Only a virtual reader is present: connect the card reader and look again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="491" />
        <source>The printer answered.</source>
        <translation>The printer answered.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="492" />
        <source>The printer did not answer ({code}).</source>
        <translation>The printer did not answer ({code}).</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="288" />
        <source>The two PINs differ.</source>
        <translation>The two PINs differ.</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="300" />
        <source>The configuration is not valid ({code}: {key}).</source>
        <translation>The configuration is not valid ({code}: {key}).</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="511" />
        <source>The configuration could not be saved ({error}).</source>
        <translation>The configuration could not be saved ({error}).</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="515" />
        <source>Setup is complete.</source>
        <translation>Setup is complete.</translation>
    </message>
</context>
<context>
    <name>SplitPanel</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="99" />
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="100" />
        <source>Insurance pays</source>
        <translation>Insurance pays</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="102" />
        <source>Personal account pays</source>
        <translation>Personal account pays</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="104" />
        <source>You pay</source>
        <translation>You pay</translation>
    </message>
</context>
<context>
    <name>Spoken</name>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="26" />
        <source>Use the arrow keys to move between buttons, Enter to choose, and Back to go back. Press the help key to hear this screen again.</source>
        <translation>Use the arrow keys to move between buttons, Enter to choose, and Back to go back. Press the help key to hear this screen again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="51" />
        <source>Check in to {place}?</source>
        <translation>Check in to {place}?</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="53" />
        <source>Press {confirm} to check in, or {back}.</source>
        <translation>Press {confirm} to check in, or {back}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="57" />
        <source>You can see the doctor first and pay once at the end.</source>
        <translation>You can see the doctor first and pay once at the end.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="61" />
        <source>You have an appointment today at {time} in {department}.</source>
        <translation>You have an appointment today at {time} in {department}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="64" />
        <source>Choose where to check in.</source>
        <translation>Choose where to check in.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="72" />
        <source>You are already checked in.</source>
        <translation>You are already checked in.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="74" />
        <source>You are checked in.</source>
        <translation>You are checked in.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="75" />
        <source>Your number is {number}.</source>
        <translation>Your number is {number}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="77" />
        <source>Please go to {place}.</source>
        <translation>Please go to {place}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="84" />
        <source>You have no more stops. You can pay now.</source>
        <translation>You have no more stops. You can pay now.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="85" />
        <source>Your next stops.</source>
        <translation>Your next stops.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="87" />
        <source>Stop {number}: {place}.</source>
        <translation>Stop {number}: {place}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="90" />
        <source>When you are done, press {pay}.</source>
        <translation>When you are done, press {pay}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="103" />
        <source>Your bill. The total is {total}. Insurance pays {fund}.</source>
        <translation>Your bill. The total is {total}. Insurance pays {fund}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="107" />
        <source>You pay {amount}. Press {pay} to pay.</source>
        <translation>You pay {amount}. Press {pay} to pay.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="112" />
        <source>You have nothing more to pay. Press confirm.</source>
        <translation>You have nothing more to pay. Press confirm.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="123" />
        <source>Payment complete.</source>
        <translation>Payment complete.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="124" />
        <source>You paid {amount}.</source>
        <translation>You paid {amount}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="127" />
        <source>Press Done when you are finished.</source>
        <translation>Press Done when you are finished.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="129" />
        <source>Please take your card.</source>
        <translation>Please take your card.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="132" />
        <source>Your visit is settled, but the payment did not go through.</source>
        <translation>Your visit is settled, but the payment did not go through.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="134" />
        <source>Still to pay: {amount}. Please pay it at the payment counter.</source>
        <translation>Still to pay: {amount}. Please pay it at the payment counter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="141" />
        <source>Your payment is being confirmed. You will never be charged twice. Please do not pay again.</source>
        <translation>Your payment is being confirmed. You will never be charged twice. Please do not pay again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="146" />
        <source>Amount: {amount}.</source>
        <translation>Amount: {amount}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="148" />
        <source>Your reference number is {reference}.</source>
        <translation>Your reference number is {reference}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="162" />
        <source>Pay-later is not available today.</source>
        <translation>Pay-later is not available today.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="172" />
        <source>No card with you? Open your medical insurance app and hold its QR code under the scanner.</source>
        <translation>No card with you? Open your medical insurance app and hold its QR code under the scanner.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="176" />
        <source>The code scanner is not working right now.</source>
        <translation>The code scanner is not working right now.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="184" />
        <source>Do you need more time? Press More time.</source>
        <translation>Do you need more time? Press More time.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="188" />
        <source>This kiosk is out of service.</source>
        <translation>This kiosk is out of service.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="190" />
        <source>Please insert your medical insurance card: chip first, face up, into the slot below the screen.</source>
        <translation>Please insert your medical insurance card: chip first, face up, into the slot below the screen.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="196" />
        <source>Checking your insurance code. Please wait.</source>
        <translation>Checking your insurance code. Please wait.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="198" />
        <source>Reading your card. Please wait.</source>
        <translation>Reading your card. Please wait.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="200" />
        <source>Checking. Please wait.</source>
        <translation>Checking. Please wait.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="204" />
        <source>For larger text and voice guidance, press Care mode.</source>
        <translation>For larger text and voice guidance, press Care mode.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="214" />
        <source>Your payment is being confirmed. Please do not pay again.</source>
        <translation>Your payment is being confirmed. Please do not pay again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="216" />
        <source>Paying. Please keep your card in the reader.</source>
        <translation>Paying. Please keep your card in the reader.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="221" />
        <source>Not paid yet. Your card was taken out before you paid. Nothing was charged. To pay, insert your card again.</source>
        <translation>Not paid yet. Your card was taken out before you paid. Nothing was charged. To pay, insert your card again.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="233" />
        <source>Please take your card. Thank you.</source>
        <translation>Please take your card. Thank you.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="240" />
        <source>{button}, not available</source>
        <translation>{button}, not available</translation>
    </message>
</context>
<context>
    <name>TakeCardScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="280" />
        <source>Please take your card</source>
        <translation>Please take your card</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="281" />
        <source>Thank you. We wish you good health.</source>
        <translation>Thank you. We wish you good health.</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="259" />
        <source>Your number</source>
        <translation>Your number</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="260" />
        <source>Please go there and wait until your number is called.</source>
        <translation>Please go there and wait until your number is called.</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="261" />
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="267" />
        <source>You are already checked in</source>
        <translation>You are already checked in</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="268" />
        <source>You are checked in</source>
        <translation>You are checked in</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="192" />
        <source>Self-service: see the doctor first, pay later</source>
        <translation>Self-service: see the doctor first, pay later</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="196" />
        <source>Care mode</source>
        <translation>Care mode</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="197" />
        <source>Voice</source>
        <translation>Voice</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="198" />
        <source>Say again</source>
        <translation>Say again</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="186" />
        <location filename="../../kiosk/ui/window.py" line="195" />
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
</context>
</TS>
