<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdminPanel</name>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="217"/>
        <location filename="../../kiosk/install/admin/dialog.py" line="251"/>
        <source>Kiosk administration</source>
        <translation>自助机管理</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="252"/>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="252"/>
        <source>Code scanner</source>
        <translation>扫码器</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="253"/>
        <source>Backend</source>
        <translation>后台</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="254"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="254"/>
        <source>Settlements</source>
        <translation>结算记录</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="257"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="258"/>
        <source>Diagnostics bundle</source>
        <translation>导出诊断包</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="259"/>
        <source>Run setup again</source>
        <translation>重新设置</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="260"/>
        <source>Leave the kiosk</source>
        <translation>退出自助机程序</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="261"/>
        <source>Back to the kiosk</source>
        <translation>返回自助机</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="329"/>
        <source>Diagnostics written to {path}</source>
        <translation>诊断包已保存到 {path}</translation>
    </message>
</context>
<context>
    <name>AdminStatus</name>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="56"/>
        <source>pyscard missing</source>
        <translation>缺少 pyscard 组件</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="58"/>
        <source>PC/SC service not available</source>
        <translation>智能卡服务（PC/SC）不可用</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="60"/>
        <source>{reader}: present</source>
        <translation>{reader}：已连接</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="61"/>
        <source>{reader}: MISSING</source>
        <translation>{reader}：未找到</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="64"/>
        <source>no reader</source>
        <translation>没有读卡器</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="69"/>
        <source>not configured</source>
        <translation>尚未设置</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="73"/>
        <source>ok, token accepted, {count} departments</source>
        <translation>正常，令牌有效，共 {count} 个科室</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="79"/>
        <source>clock OFF by {offset}: set this PC&apos;s time</source>
        <translation>时钟偏差 {offset}：请校准本机时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="83"/>
        <source>clock not checked ({error})</source>
        <translation>时钟未检查（{error}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="86"/>
        <source>clock unknown: the backend tells no time</source>
        <translation>时钟未知：后台未提供时间</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="87"/>
        <source>clock ok ({offset})</source>
        <translation>时钟正常（{offset}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="92"/>
        <source>not open</source>
        <translation>未打开</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="94"/>
        <source>error {error}</source>
        <translation>出错（{error}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="96"/>
        <source>ok, no settlement waiting</source>
        <translation>正常，没有待处理的结算</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="97"/>
        <source>{count} settlement(s) waiting ({states})</source>
        <translation>{count} 笔结算待处理（{states}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="107"/>
        <source>no printer</source>
        <translation>不使用打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/status.py" line="103"/>
        <source>{printer}: FAULT {fault} at {at}</source>
        <translation>{printer}：故障 {fault}（{at}）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="284"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="285"/>
        <source>read through the kiosk&apos;s window: ready while the kiosk runs, plugged in or not (test it with a scan)</source>
        <translation>经自助机窗口读取：自助机运行时即显示就绪，无论扫码器是否插好（请扫一次码试试）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="288"/>
        <source>the scanner setting is not none, serial:PORT[@BAUD], keyboard:DEVICE or camera:DEVICE</source>
        <translation>扫码器设置须为 none、serial:端口[@波特率]、keyboard:设备 或 camera:设备</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="291"/>
        <source>the scanner&apos;s speed must be a number from 300 to 4000000</source>
        <translation>扫码器波特率须为 300 到 4000000 之间的数字</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="293"/>
        <source>no scanner there: plug it in, or set the path `kiosk scanner list` shows</source>
        <translation>该位置没有扫码器：请插好，或改用 `kiosk scanner list` 列出的路径</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="295"/>
        <source>the kiosk&apos;s user may not open it: add the dialout group (serial), the video group (camera) or the scanner&apos;s udev rule (keyboard mode), see deploy-linux.md</source>
        <translation>自助机的用户无权打开它：请加入 dialout 组（串口模式）、video 组（摄像头）或添加扫码器的 udev 规则（键盘模式），见 deploy-linux.md</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="299"/>
        <source>another program holds it (a running kiosk, a terminal): close that program</source>
        <translation>另一个程序占用着它（正在运行的自助机、终端程序）：请关闭该程序</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="302"/>
        <source>there but cannot be opened: unplug it and plug it in again</source>
        <translation>已连接但无法打开：请拔下后重新插上</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="60"/>
        <source>See the doctor first, pay once at the end</source>
        <translation>先看病，后付费，最后一次结清</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="61"/>
        <source>This kiosk cannot reach the hospital system right now</source>
        <translation>本机暂时连不上医院系统</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="64"/>
        <source>It will be back by itself as soon as the connection returns.</source>
        <translation>连接恢复后，本机会自动恢复服务。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="66"/>
        <source>Wheelchair</source>
        <translation>轮椅高度</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="67"/>
        <source>The connection to the hospital system is slow right now: each step may take a little longer. You can still use this kiosk.</source>
        <translation>现在与医院系统的网络连接较慢，每一步可能要多等一会儿。本机仍可正常使用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="76"/>
        <source>Care mode is on: tap to leave</source>
        <translation>长辈模式已开启（点此退出）</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="77"/>
        <source>Care mode</source>
        <translation>长辈模式</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="84"/>
        <source>Out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="85"/>
        <source>Please insert your medical insurance card</source>
        <translation>请插入您的医保卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="86"/>
        <source>Chip first, face up. Leave the card in until you finish.</source>
        <translation>芯片朝前、正面朝上插入。办完之前请不要拔卡。</translation>
    </message>
</context>
<context>
    <name>Bill</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="29"/>
        <source>Consultation</source>
        <translation>诊查费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="30"/>
        <source>Medicines</source>
        <translation>药品费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="31"/>
        <source>Laboratory tests</source>
        <translation>化验费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="32"/>
        <source>Imaging</source>
        <translation>检查费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="33"/>
        <source>Treatment</source>
        <translation>治疗费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="35"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="36"/>
        <source>Other charges</source>
        <translation>其他费用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="115"/>
        <source>Nothing more to pay</source>
        <translation>无需另付</translation>
    </message>
</context>
<context>
    <name>BillScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="154"/>
        <source>Your bill</source>
        <translation>您的费用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="155"/>
        <source>The bill has changed. Please check the new amount.</source>
        <translation>费用有变化，请核对新的金额。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="156"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="157"/>
        <source>Confirm and pay</source>
        <translation>确认支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="175"/>
        <source>Confirm and pay {amount}</source>
        <translation>确认支付 {amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="178"/>
        <source>Confirm · nothing more to pay</source>
        <translation>确认结算 · 无需另付</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="185"/>
        <source>Settled under the policy of your insured place, {code}.</source>
        <translation>按您参保地（{code}）的医保政策结算。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="201"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>CareOffer</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="289"/>
        <source>Larger text and a voice that reads the screen?</source>
        <translation>需要更大的字和语音播报吗？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="290"/>
        <source>Care mode</source>
        <translation>长辈模式</translation>
    </message>
</context>
<context>
    <name>CheckInScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="130"/>
        <source>Where would you like to check in?</source>
        <translation>您要去哪个科室报到？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="131"/>
        <location filename="../../kiosk/ui/screens/visit.py" line="159"/>
        <source>Choose a department:</source>
        <translation>请选择科室：</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="132"/>
        <source>Finish</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="133"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="134"/>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="143"/>
        <source>You can see the doctor first and pay once at the end. Credit available: {amount}</source>
        <translation>您可以先看病，最后一次付清。可用额度：{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="145"/>
        <source>You can see the doctor first and pay once at the end.</source>
        <translation>您可以先看病，最后一次付清。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="151"/>
        <source>Today&apos;s appointment: {time} {department}
Tap here to check in</source>
        <translation>今天的预约：{time} {department}
点这里报到</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="158"/>
        <source>Or choose a department:</source>
        <translation>或者选择其他科室：</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="189"/>
        <source>Check in to {department}?</source>
        <translation>确定去{department}报到吗？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="203"/>
        <source>Closed now</source>
        <translation>暂停看诊</translation>
    </message>
</context>
<context>
    <name>DemoPanel</name>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="46"/>
        <source>Insert: eligible patient</source>
        <translation>插卡：可先诊疗后付费的患者</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="47"/>
        <source>Insert: first time (not linked)</source>
        <translation>插卡：首次使用（未绑定）</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="48"/>
        <source>Insert: not eligible</source>
        <translation>插卡：不符合条件</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="49"/>
        <source>Insert: expired card</source>
        <translation>插卡：过期卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="50"/>
        <source>Insert: third-generation card</source>
        <translation>插卡：第三代社保卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="51"/>
        <source>Insert: insured in another city of the province</source>
        <translation>插卡：省内异地参保</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="53"/>
        <source>Insert: insured in another province, filed</source>
        <translation>插卡：跨省参保，已备案</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="55"/>
        <source>Insert: insured in another province, not filed</source>
        <translation>插卡：跨省参保，未备案</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="60"/>
        <source>Voucher QR: eligible patient</source>
        <translation>医保电子凭证二维码：可先诊疗后付费的患者</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="61"/>
        <source>Voucher QR: first time (not linked)</source>
        <translation>医保电子凭证二维码：首次使用（未开通）</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="62"/>
        <source>Voucher QR: not eligible</source>
        <translation>医保电子凭证二维码：不符合条件</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="63"/>
        <source>Voucher QR: patient whose card expired</source>
        <translation>医保电子凭证二维码：社保卡已过期的患者</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="64"/>
        <source>Voucher QR: third-generation card holder</source>
        <translation>医保电子凭证二维码：第三代社保卡持卡人</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="66"/>
        <source>Voucher QR: insured in another city of the province</source>
        <translation>医保码：省内异地参保</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="68"/>
        <source>Voucher QR: insured in another province, filed</source>
        <translation>医保码：跨省参保，已备案</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="70"/>
        <source>Voucher QR: insured in another province, not filed</source>
        <translation>医保码：跨省参保，未备案</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="97"/>
        <source>Remove card</source>
        <translation>拔卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="102"/>
        <source>Add charges</source>
        <translation>添加费用</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="122"/>
        <source>Scan this code</source>
        <translation>扫描此码</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="148"/>
        <source>Kiosk demo panel</source>
        <translation>自助机演示面板</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="152"/>
        <source>Add charges: plays the hospital&apos;s departments. It adds a consultation fee, a blood test and a prescription to the eligible patient&apos;s open visit. Check the patient in at the kiosk first; insert the card again afterwards to see the bill and pay.</source>
        <translation>添加费用：模拟医院各科室记账。为可先诊疗后付费患者当天未结的就诊添加一项诊查费、一项血常规和一张处方。请先在自助机上为患者签到；之后再次插卡即可查看账单并付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="159"/>
        <source>The patient&apos;s e-insurance voucher, as the phone app shows it: signed by the demo insurer, valid for two minutes and for one scan. A new code comes every minute.</source>
        <translation>患者的医保电子凭证，如手机上的医保应用所示：由演示医保方签名，两分钟内有效，只能扫一次。每分钟换一个新码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="161"/>
        <source>Demo backend: {url}</source>
        <translation>演示后台：{url}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="163"/>
        <source>Counter staff logins (kiosk counter --backend-url {url}):</source>
        <translation>收费窗口工作人员账号（kiosk counter --backend-url {url}）：</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="193"/>
        <source>could not get a voucher: {error}</source>
        <translation>无法获取医保码：{error}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="202"/>
        <source>code scanned</source>
        <translation>已扫码</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="204"/>
        <source>scan failed: {error}</source>
        <translation>扫码失败：{error}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="231"/>
        <source>card inserted: {key}</source>
        <translation>已插卡：{key}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="233"/>
        <source>insert failed: {error}</source>
        <translation>插卡失败：{error}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="238"/>
        <source>card removed</source>
        <translation>已拔卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="244"/>
        <source>charges posted to visit {visit}</source>
        <translation>费用已录入到就诊 {visit}</translation>
    </message>
    <message>
        <location filename="../../kiosk/demo/panel.py" line="246"/>
        <source>could not post charges: {error}</source>
        <translation>费用录入失败：{error}</translation>
    </message>
</context>
<context>
    <name>ErrorScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="246"/>
        <source>Try again</source>
        <translation>再试一次</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="247"/>
        <location filename="../../kiosk/ui/screens/entry.py" line="259"/>
        <source>Finish</source>
        <translation>结束</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="257"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>FirstTimeScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="146"/>
        <source>Welcome! Please link your card first</source>
        <translation>欢迎！请先开通信用就医</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="150"/>
        <source>It only takes a few minutes. Next time you can see the doctor first and pay once at the end.</source>
        <translation>只需几分钟。开通后，下次就可以先看病，最后一次付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="152"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <location filename="../../kiosk/ui/help.py" line="30"/>
        <source>Calling a member of staff…</source>
        <translation>正在呼叫工作人员…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/help.py" line="31"/>
        <source>Someone is coming to help you. Please stay at this kiosk.</source>
        <translation>工作人员马上就来帮您，请在本机旁稍候。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/help.py" line="33"/>
        <source>A member of staff is on the way to you.</source>
        <translation>工作人员正在赶来。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/help.py" line="35"/>
        <source>We could not call a member of staff. Please go to the counter for help.</source>
        <translation>未能呼叫到工作人员，请到人工窗口寻求帮助。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/help.py" line="89"/>
        <source>Help</source>
        <translation>求助</translation>
    </message>
</context>
<context>
    <name>IdleOverlay</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="252"/>
        <source>Do you need more time?</source>
        <translation>您还需要更多时间吗？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="253"/>
        <source>More time</source>
        <translation>需要，继续</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="257"/>
        <source>This screen will close in {seconds} seconds.</source>
        <translation>{seconds} 秒后将自动结束。</translation>
    </message>
</context>
<context>
    <name>ItineraryScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="293"/>
        <source>Your next stops</source>
        <translation>您接下来要去</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="294"/>
        <source>Pay now</source>
        <translation>现在付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="295"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="304"/>
        <source>You have no more stops. You can pay now.</source>
        <translation>您已看完，现在可以付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="314"/>
        <source>{queue} · walk about {walk} min</source>
        <translation>{queue} · 步行约 {walk} 分钟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="322"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="323"/>
        <source>For: {items}</source>
        <translation>项目：{items}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="330"/>
        <source>About {minutes} min in total</source>
        <translation>预计共需约 {minutes} 分钟</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="472"/>
        <source>on</source>
        <translation>已开启</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="473"/>
        <source>off</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="620"/>
        <source>Hospital kiosk</source>
        <translation>医院自助机</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="40"/>
        <source>You can still be seen the traditional way: register at the counter and pay at each step.</source>
        <translation>您仍然可以照常看病：到窗口挂号，每一步先付费再就诊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="43"/>
        <source>The payment counter is in the main hall on the ground floor.</source>
        <translation>收费窗口在一楼大厅。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="46"/>
        <source>Please go to the payment counter, window 1, in the main hall on the ground floor.</source>
        <translation>请到一楼大厅收费处 1 号窗口。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="50"/>
        <source>Please ask the staff at the counter for help.</source>
        <translation>请到窗口请工作人员帮忙。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="51"/>
        <source>Please tap &quot;Try again&quot;. If it happens again, please go to the counter.</source>
        <translation>请点“再试一次”。如果还不行，请到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="53"/>
        <source>Please use another kiosk, or ask the staff at the counter for help.</source>
        <translation>请换一台自助机，或到窗口请工作人员帮忙。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="55"/>
        <source>Pay-later is not available today</source>
        <translation>今天不能先看病后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="59"/>
        <source>The card reader is not working</source>
        <translation>读卡器不能使用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="60"/>
        <source>This kiosk cannot find its card reader.</source>
        <translation>这台自助机找不到读卡器。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="63"/>
        <source>The card reader is not ready</source>
        <translation>读卡器还没准备好</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="64"/>
        <source>The card reader is not answering at the moment.</source>
        <translation>读卡器暂时没有响应。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="67"/>
        <source>No card found</source>
        <translation>没有找到卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="68"/>
        <source>We could not find a card in the reader.</source>
        <translation>读卡器里没有找到卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="69"/>
        <source>Please insert your medical insurance card, chip first and face up.</source>
        <translation>请插入医保卡，芯片朝前，正面朝上。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="72"/>
        <source>The card was taken out too soon</source>
        <translation>卡拔得太早了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="73"/>
        <source>The card was taken out while we were reading it.</source>
        <translation>正在读卡时，卡被拔出了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="74"/>
        <source>Please insert your card again and leave it in until you finish.</source>
        <translation>请重新插卡，办完之前请不要拔卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="77"/>
        <source>Your card could not be read</source>
        <translation>您的卡读不出来</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="78"/>
        <source>The card did not answer. It may be inserted the wrong way.</source>
        <translation>卡没有响应，可能插反了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="80"/>
        <source>Please take the card out, insert it chip first and face up, then tap &quot;Try again&quot;.</source>
        <translation>请拔出卡，芯片朝前、正面朝上重新插入，然后点“再试一次”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="84"/>
        <source>This card cannot be used here</source>
        <translation>这张卡不能在这里使用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="85"/>
        <source>This is not a medical insurance card we can read.</source>
        <translation>这不是我们能读取的医保卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="86"/>
        <source>Please insert your medical insurance card, or go to the counter.</source>
        <translation>请插入您的医保卡，或到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="89"/>
        <source>Please go to the counter</source>
        <translation>请到窗口办理</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="90"/>
        <source>This card&apos;s details can only be read at the counter.</source>
        <translation>这张卡的信息只能在窗口读取。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="92"/>
        <source>Please go to the counter or use your electronic insurance QR code.</source>
        <translation>请到窗口办理，或使用医保电子凭证二维码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="96"/>
        <source>Your card&apos;s details could not be read</source>
        <translation>卡上的信息读不出来</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="97"/>
        <source>The information on this card seems to be damaged.</source>
        <translation>这张卡上的信息可能已损坏。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="98"/>
        <source>Please go to the counter. The staff can check your card.</source>
        <translation>请到窗口，工作人员会帮您检查。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="101"/>
        <location filename="../../kiosk/ui/messages.py" line="193"/>
        <source>Your card has expired</source>
        <translation>您的卡已过期</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="102"/>
        <location filename="../../kiosk/ui/messages.py" line="194"/>
        <source>This medical insurance card is no longer valid.</source>
        <translation>这张医保卡已经失效。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="103"/>
        <source>Please go to the counter to be seen today, and renew your card at the social security office.</source>
        <translation>今天看病请到窗口办理。换卡请到社保服务中心。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="112"/>
        <source>Cannot reach the hospital system</source>
        <translation>连不上医院系统</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="113"/>
        <source>The kiosk is not connected at the moment.</source>
        <translation>自助机暂时没有联网。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="114"/>
        <source>Please tap &quot;Try again&quot; in a moment, or go to the counter.</source>
        <translation>请稍后点“再试一次”，或到窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="117"/>
        <source>The hospital system is slow</source>
        <translation>医院系统反应较慢</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="118"/>
        <source>The answer is taking too long.</source>
        <translation>等待时间太长了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="121"/>
        <location filename="../../kiosk/ui/messages.py" line="138"/>
        <source>Something went wrong</source>
        <translation>出了点问题</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="122"/>
        <source>The hospital system had a problem.</source>
        <translation>医院系统出了问题。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="126"/>
        <source>We cannot offer paying later on this card at the moment.</source>
        <translation>这张卡暂时不能先看病后付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="129"/>
        <source>The payment could not be finished here</source>
        <translation>这笔付款无法在这里完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="130"/>
        <source>The kiosk had a technical problem with this payment.</source>
        <translation>这笔付款遇到了技术问题。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="131"/>
        <source>Please go to the counter. The staff can check your payment.</source>
        <translation>请到窗口，工作人员会帮您查询付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="134"/>
        <source>This kiosk is not working right now</source>
        <translation>这台自助机暂时不能使用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="135"/>
        <source>The kiosk could not connect to the hospital system.</source>
        <translation>自助机连不上医院系统。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="139"/>
        <source>The hospital system could not finish your request.</source>
        <translation>医院系统没能完成您的操作。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="145"/>
        <source>Your medical insurance is not active</source>
        <translation>您的医保未生效</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="146"/>
        <source>Your insurance is not active now, so paying later is not possible today.</source>
        <translation>您的医保目前未生效，今天不能先看病后付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="151"/>
        <source>Please link your card first</source>
        <translation>请先开通信用就医</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="152"/>
        <source>Your card is not yet linked to &quot;see the doctor first, pay later&quot;.</source>
        <translation>您的卡还没有开通“先看病后付费”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="155"/>
        <source>Please go to the payment counter once to link your card. After that you can use this kiosk.</source>
        <translation>请到收费窗口开通一次，以后就可以用这台自助机了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="159"/>
        <source>Your pay-later service is paused</source>
        <translation>您的先看病后付费已暂停</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="160"/>
        <source>Your &quot;see the doctor first, pay later&quot; service is paused. The payment counter can tell you why.</source>
        <translation>您的“先看病后付费”已暂停，收费窗口可以告诉您原因。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="166"/>
        <source>Paying later needs a credit score above the level the hospital sets, and yours is below it today. Paying a bill does not change this at once.</source>
        <translation>先看病后付费要求信用分达到医院规定的分数，您今天的信用分低于这个分数。缴清费用也不会马上改变信用分。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="180"/>
        <source>An earlier bill is past its due date and not paid yet.</source>
        <translation>您以前有一笔费用已过期，还没有付清。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="182"/>
        <source>You can pay it at the payment counter, window 1, in the main hall on the ground floor. The staff will tell you the amount.</source>
        <translation>您可以到一楼大厅收费处 1 号窗口缴费，工作人员会告诉您金额。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="197"/>
        <source>This card cannot be used to pay later here</source>
        <translation>这张卡不能在这里先看病后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="198"/>
        <source>This is an older card that cannot prove itself to the kiosk, so paying later is not possible with it. A new card from the social security office can.</source>
        <translation>这是一张旧卡，无法通过自助机的安全验证，所以不能用它先看病后付费。到社保经办机构换领新卡后就可以使用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="204"/>
        <source>We could not check this card</source>
        <translation>这张卡未能通过验证</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="205"/>
        <source>The card&apos;s security check did not succeed, so paying later is not possible with it now. The payment counter can check the card.</source>
        <translation>这张卡的安全验证没有通过，现在不能用它先看病后付费。收费窗口可以帮您检查这张卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="285"/>
        <source>Your session has ended</source>
        <translation>您的本次服务已结束</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="286"/>
        <source>For your privacy, the kiosk ends a session after a few minutes without use. Nothing was charged.</source>
        <translation>为保护您的隐私，自助机在几分钟无人操作后会结束本次服务。没有扣取任何费用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="289"/>
        <source>Please take out your card and insert it again. If you used the insurance code in your app, please refresh it and scan it again.</source>
        <translation>请取出您的卡，再重新插入。如果您使用的是手机上的医保码，请刷新后重新扫码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="302"/>
        <source>Please open your medical insurance app, refresh the code, and scan it again. Or insert your medical insurance card.</source>
        <translation>请打开手机上的医保应用，刷新医保码后重新扫码；也可以插入医保卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="307"/>
        <source>Filing means telling your insurance office before you are treated elsewhere. You can file in the national medical insurance app or with your insurance office; after that, your bills here can be settled directly.</source>
        <translation>备案是指在异地就医前向参保地医保经办机构登记。您可以在国家医保服务平台手机应用或参保地医保经办机构办理备案，备案后在本院的费用即可直接结算。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="314"/>
        <source>This code has expired</source>
        <translation>医保码已过期</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="315"/>
        <source>The insurance code in your app is only valid for a short time, and this one is too old.</source>
        <translation>医保应用中的医保码只在短时间内有效，这个码已经过期。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="320"/>
        <source>This code cannot be used</source>
        <translation>此码无法使用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="321"/>
        <source>This is not a medical insurance code the insurance office recognises.</source>
        <translation>这不是医保部门认可的医保码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="326"/>
        <source>This code was already used</source>
        <translation>此码已使用过</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="327"/>
        <source>Each insurance code can be used only once, and this one has been used.</source>
        <translation>每个医保码只能使用一次，这个码已经用过了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="332"/>
        <source>The insurance service is not answering</source>
        <translation>医保服务暂时无响应</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="333"/>
        <source>We could not check your insurance code with the insurance office just now.</source>
        <translation>暂时无法向医保部门核验您的医保码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="336"/>
        <source>Please insert your medical insurance card, or scan your code again in a moment.</source>
        <translation>请插入医保卡，或稍后重新扫码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="340"/>
        <source>You are insured in another province</source>
        <translation>您的参保地在外省</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="341"/>
        <source>Your insurance is from another province and no filing for treatment here was found, so paying later is not possible today. You can still be treated; the bill is settled the traditional way.</source>
        <translation>您在外省参保，且未查到在本地就医的备案，今天无法先诊疗后付费。您仍然可以就诊，费用按传统方式结算。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="347"/>
        <source>You are insured in another region</source>
        <translation>您的参保地在外地</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="348"/>
        <source>This hospital offers paying later only to patients insured here, and your insurance is from another region.</source>
        <translation>本院的先诊疗后付费只面向本地参保的患者，您的参保地在外地。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="355"/>
        <source>The code could not be read</source>
        <translation>无法识别此码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="356"/>
        <source>Something was scanned, but it is not a medical insurance code we can read.</source>
        <translation>扫到了内容，但不是我们能识别的医保码。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="359"/>
        <source>Please show the code from your medical insurance app and hold it still under the scanner. Or insert your medical insurance card.</source>
        <translation>请出示医保应用中的医保码，放在扫码器下方保持不动；也可以插入医保卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="174"/>
        <source>Paying later is not available for this card. The payment counter can tell you more.</source>
        <translation>这张卡不能先看病后付费，详情请问收费窗口。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="179"/>
        <source>You have an unpaid bill</source>
        <translation>您有一笔费用还没付</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="186"/>
        <source>This card does not match our records</source>
        <translation>这张卡和医院记录不一致</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="187"/>
        <source>The card details are different from the hospital records.</source>
        <translation>卡上的信息和医院的记录不一样。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="189"/>
        <source>Please go to the counter with your ID card. The staff will help you.</source>
        <translation>请带身份证到窗口，工作人员会帮您。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="211"/>
        <source>This department is not available</source>
        <translation>这个科室不能选</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="212"/>
        <source>We could not find this department.</source>
        <translation>没有找到这个科室。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="213"/>
        <location filename="../../kiosk/ui/messages.py" line="219"/>
        <source>Please start again and choose another department, or ask at the counter.</source>
        <translation>请重新开始，选择其他科室，或到窗口询问。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="217"/>
        <source>This department is closed now</source>
        <translation>这个科室现在不看诊</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="218"/>
        <source>This department is not seeing patients at the moment.</source>
        <translation>这个科室现在不接诊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="223"/>
        <source>We could not find your visit</source>
        <translation>没有找到您的就诊记录</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="224"/>
        <source>Today&apos;s visit was not found in the hospital system.</source>
        <translation>医院系统里没有找到您今天的就诊。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="227"/>
        <source>This visit is already finished</source>
        <translation>这次就诊已经结束</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="228"/>
        <source>This visit has already been closed.</source>
        <translation>这次就诊已经关闭了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="231"/>
        <source>The bill is over your pay-later limit</source>
        <translation>费用超过了您的信用额度</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="232"/>
        <source>This bill is more than the amount you can pay later.</source>
        <translation>这次费用超过了您可以后付的额度。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="234"/>
        <source>Please pay this bill at the payment counter.</source>
        <translation>请到收费窗口付这笔费用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="236"/>
        <source>Nothing to pay</source>
        <translation>没有要付的费用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="237"/>
        <source>There is nothing to pay for this visit.</source>
        <translation>这次就诊没有要付的费用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="238"/>
        <source>You can take your card. Thank you.</source>
        <translation>您可以取卡了，谢谢。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="240"/>
        <source>Your bill has changed</source>
        <translation>您的费用有变化</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="241"/>
        <source>New charges were added, so the amount is different.</source>
        <translation>新加了费用，金额变了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="242"/>
        <source>Please check the new amount before you pay.</source>
        <translation>请先核对新的金额，再付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="244"/>
        <source>Already paid</source>
        <translation>已经付过了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="245"/>
        <source>This visit is already paid. You will not be charged again.</source>
        <translation>这次就诊已经付过了，不会再扣费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="247"/>
        <source>You can take your card. The counter can print your receipt.</source>
        <translation>您可以取卡了。需要票据请到窗口打印。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="250"/>
        <source>Your payment is being confirmed</source>
        <translation>正在确认您的付款</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="251"/>
        <source>A payment for this visit is already on its way. Please do not pay again.</source>
        <translation>这次就诊的付款正在处理中，请不要重复付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="254"/>
        <source>Please insert your card again in a few minutes to see the result, or ask at the counter.</source>
        <translation>请过几分钟再插卡查看结果，或到窗口询问。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="262"/>
        <source>You are already checked in</source>
        <translation>您已经报到过了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="263"/>
        <source>You have already checked in to this department today.</source>
        <translation>您今天已经在这个科室报到过了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="265"/>
        <source>Please wait near the room until your number is called.</source>
        <translation>请在诊室附近等候叫号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="272"/>
        <source>We could not find your records</source>
        <translation>没有找到您的信息</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="273"/>
        <source>The hospital has no record for this card yet.</source>
        <translation>医院还没有这张卡的记录。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/messages.py" line="275"/>
        <source>Please go to the payment counter once to link your card.</source>
        <translation>请到收费窗口开通一次。</translation>
    </message>
</context>
<context>
    <name>NotEligibleScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="192"/>
        <source>Amount to pay: {amount}. {where}</source>
        <translation>应付金额：{amount}。{where}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="174"/>
        <source>Pay-later is not available today</source>
        <translation>今天不能先看病后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="176"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>NotPaidScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="384"/>
        <source>Not paid yet</source>
        <translation>尚未付款</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="385"/>
        <source>Your card was taken out before you paid. Nothing was charged.</source>
        <translation>您在付款前取出了卡，没有扣任何费用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="387"/>
        <source>To pay, insert your card again. You can also pay at the payment counter.</source>
        <translation>要付款，请重新插卡；也可以到收费窗口付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="389"/>
        <source>OK</source>
        <translation>好的</translation>
    </message>
</context>
<context>
    <name>OutOfService</name>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="27"/>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="28"/>
        <source>Backend certificates</source>
        <translation>后台证书</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="29"/>
        <source>Admin PIN</source>
        <translation>管理密码</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="30"/>
        <source>Card reader pin</source>
        <translation>读卡器绑定</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="31"/>
        <source>Virtual card reader present</source>
        <translation>检测到虚拟读卡器</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="32"/>
        <source>Window lock and admin mode</source>
        <translation>窗口锁定与管理模式</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="33"/>
        <source>Demo mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="74"/>
        <source>Out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="75"/>
        <source>This kiosk is out of service. Please go to the counter.</source>
        <translation>本机暂停服务，请到人工窗口办理。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/outofservice.py" line="76"/>
        <source>For hospital IT: the kiosk will not serve patients until this is fixed. Check with: kiosk --self-test</source>
        <translation>信息科请注意：问题解决之前本机不会为患者服务。检查命令：kiosk --self-test</translation>
    </message>
</context>
<context>
    <name>PaymentPendingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="346"/>
        <source>Your payment is being confirmed</source>
        <translation>您的付款正在确认中</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="347"/>
        <source>You will never be charged twice. Please do not pay again.</source>
        <translation>绝不会重复扣费，请不要再次付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="350"/>
        <source>Take the printed slip, if there is one. Or insert your card again later to see the result.</source>
        <translation>如有打印凭条，请带上。您也可以稍后重新插卡查看结果。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="352"/>
        <location filename="../../kiosk/ui/screens/payment.py" line="362"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="356"/>
        <source>Your reference number: {reference}</source>
        <translation>您的查询号：{reference}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="360"/>
        <source>Amount: {amount}</source>
        <translation>金额：{amount}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="362"/>
        <source>OK</source>
        <translation>好的</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="137"/>
        <source>Admin PIN</source>
        <translation>管理密码</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="168"/>
        <source>Enter the admin PIN</source>
        <translation>请输入管理密码</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="170"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="170"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="171"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="184"/>
        <source>Too many wrong PINs. Try again in {minutes} min.</source>
        <translation>密码错误次数过多，请 {minutes} 分钟后再试。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/admin/dialog.py" line="202"/>
        <source>Wrong PIN. {left} tries left.</source>
        <translation>密码错误，还可以再试 {left} 次。</translation>
    </message>
</context>
<context>
    <name>ReadingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="107"/>
        <source>Checking your insurance code…</source>
        <translation>正在核验您的医保码…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="109"/>
        <source>Please wait a moment.</source>
        <translation>请稍候。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="112"/>
        <source>Reading your card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="115"/>
        <source>Checking…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="118"/>
        <source>Please leave your card in the reader.</source>
        <translation>请不要拔卡。</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="279"/>
        <source>Scan for your electronic receipt</source>
        <translation>扫码查看电子票据</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="280"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="291"/>
        <source>Payment complete</source>
        <translation>付款成功</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="293"/>
        <source>Please pay at the counter</source>
        <translation>请到窗口付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="295"/>
        <source>Your visit is settled, but the payment did not go through</source>
        <translation>已结算，但扣款没有成功</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="298"/>
        <source>This is the result of the payment you made earlier.</source>
        <translation>这是您上次付款的结果。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="299"/>
        <source>Settlement number: {number}</source>
        <translation>结算单号：{number}</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="305"/>
        <source>Still to pay: {amount}. Please pay it at the payment counter by {date}.</source>
        <translation>还需支付 {amount}，请在 {date} 前到收费窗口付清。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="309"/>
        <source>Still to pay: {amount}. Please pay it at the payment counter.</source>
        <translation>还需支付 {amount}，请到收费窗口付清。</translation>
    </message>
</context>
<context>
    <name>RegionNote</name>
    <message>
        <location filename="../../kiosk/ui/screens/region.py" line="29"/>
        <source>You are insured in another city of this province. You can pay later here; the insurance share follows your home city&apos;s rules.</source>
        <translation>您在本省其他城市参保。您可以在本院先诊疗后付费，医保报销按您参保城市的规定计算。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/region.py" line="33"/>
        <source>You are insured in another province and have filed for treatment here. Your bill is settled directly, by your home province&apos;s rules.</source>
        <translation>您在外省参保，并已办理在本地就医的备案。您的费用直接结算，按参保地的规定报销。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/region.py" line="36"/>
        <source>You are insured in another province and no filing for treatment here was found. You can pay later here, but the insurance may pay a smaller share.</source>
        <translation>您在外省参保，未查到在本地就医的备案。您仍可以先诊疗后付费，但医保报销比例可能较低。</translation>
    </message>
</context>
<context>
    <name>ScanPrompt</name>
    <message>
        <location filename="../../kiosk/ui/screens/scan.py" line="45"/>
        <source>No card with you? Scan your e-insurance code</source>
        <translation>没带医保卡？请扫医保电子凭证</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/scan.py" line="46"/>
        <source>Open your medical insurance app, show the QR code and hold it under the scanner.</source>
        <translation>打开手机上的医保应用，出示医保码，放在扫码器下方。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/scan.py" line="49"/>
        <source>The code scanner was unplugged, so codes cannot be scanned right now. Please insert your medical insurance card.</source>
        <translation>扫码器已断开，暂时无法扫码。请插入医保卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/scan.py" line="53"/>
        <source>The code scanner is not working right now. Please insert your medical insurance card.</source>
        <translation>扫码器暂时无法使用。请插入医保卡。</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="71"/>
        <source>Building {building}, floor {floor}, room {room}</source>
        <translation>{building}栋 {floor}楼 {room}室</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="78"/>
        <source>No wait</source>
        <translation>无需等候</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="79"/>
        <source>Wait about {minutes} min</source>
        <translation>约等 {minutes} 分钟</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="88"/>
        <source>{people} ahead of you</source>
        <translation>前面 {people} 人</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="89"/>
        <source>Wait about {minutes} min · {people} ahead</source>
        <translation>约等 {minutes} 分钟 · 前面 {people} 人</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/widgets.py" line="192"/>
        <source>Please wait…</source>
        <translation>请稍等…</translation>
    </message>
</context>
<context>
    <name>SettlingScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="226"/>
        <source>Confirming your payment…</source>
        <translation>正在确认付款…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="227"/>
        <source>Your payment is being confirmed. Please do not pay again.</source>
        <translation>正在确认您的付款，请不要重复付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="230"/>
        <source>This can take a little while. Please wait here.</source>
        <translation>这可能需要一点时间，请在此稍候。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="232"/>
        <source>This can take a little while. Please keep your card in the reader.</source>
        <translation>可能需要一点时间，请不要拔卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="235"/>
        <source>Paying…</source>
        <translation>正在付款…</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="237"/>
        <source>Please wait here.</source>
        <translation>请在此稍候。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="238"/>
        <source>Please keep your card in the reader.</source>
        <translation>请不要拔卡。</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="239"/>
        <source>Kiosk setup</source>
        <translation>自助机设置</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="240"/>
        <source>Back</source>
        <translation>上一步</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="265"/>
        <source>Admin PIN (6 to 12 digits)</source>
        <translation>管理密码（6 到 12 位数字）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="273"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="273"/>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="241"/>
        <source>Backend address (https://...)</source>
        <translation>后台地址（https://...）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="242"/>
        <source>Kiosk token (from hospital IT)</source>
        <translation>自助机令牌（由医院信息科提供）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="243"/>
        <source>CA certificate file (optional)</source>
        <translation>CA 证书文件（可不填）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="244"/>
        <source>Client certificate file (optional)</source>
        <translation>客户端证书文件（可不填）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="245"/>
        <source>Client key file (optional)</source>
        <translation>客户端私钥文件（可不填）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="246"/>
        <source>Test the connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="247"/>
        <source>Choose the card reader. Readers seen now:</source>
        <translation>请选择读卡器。当前检测到的读卡器：</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="248"/>
        <source>Look again</source>
        <translation>重新检测</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="249"/>
        <source>Choose the receipt printer:</source>
        <translation>请选择凭条打印机：</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="250"/>
        <source>Network printer address (host:port)</source>
        <translation>网络打印机地址（主机:端口）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="251"/>
        <source>Test the printer</source>
        <translation>测试打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="252"/>
        <source>Screen orientation</source>
        <translation>屏幕方向</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="253"/>
        <source>Portrait</source>
        <translation>竖屏</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="254"/>
        <source>Landscape</source>
        <translation>横屏</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="255"/>
        <source>Default language</source>
        <translation>默认语言</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="259"/>
        <source>Reach mode (wheelchair) moves every control to the part of the screen a seated person reaches (380 to 1220 mm above the floor). Leave both empty to use the lower half of the screen.</source>
        <translation>轮椅高度模式会把所有按钮移到坐着的人够得着的屏幕区域（离地 380 到 1220 毫米）。两项都不填，则使用屏幕的下半部分。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="263"/>
        <source>Height of the screen&apos;s lowest edge above the floor (mm)</source>
        <translation>屏幕下边缘离地高度（毫米）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="264"/>
        <source>Pixel size (mm, e.g. 0.2745)</source>
        <translation>像素尺寸（毫米，例如 0.2745）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="266"/>
        <source>Admin PIN again</source>
        <translation>再次输入管理密码</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="272"/>
        <source>Step {n} of {total}</source>
        <translation>第 {n} 步，共 {total} 步</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="290"/>
        <source>The PIN must be 6 to 12 digits.</source>
        <translation>密码必须是 6 到 12 位数字。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="296"/>
        <source>Enter both the screen&apos;s height above the floor and the pixel size, or neither.</source>
        <translation>请同时填写屏幕离地高度和像素尺寸，或两项都不填。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="363"/>
        <source>The backend address changed: enter the token for it again.</source>
        <translation>后台地址已更改，请重新填写该后台的令牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="376"/>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="383"/>
        <source>The backend answered and accepted the token ({detail}).</source>
        <translation>后台已响应，令牌有效（{detail}）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="395"/>
        <source>The address is not a valid https:// address.</source>
        <translation>地址无效，请填写 https:// 开头的地址。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="396"/>
        <source>Use https:// (plain http only on this PC).</source>
        <translation>请使用 https://（只有本机地址可以用 http）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="397"/>
        <source>Enter the kiosk token from hospital IT.</source>
        <translation>请填写医院信息科提供的自助机令牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="398"/>
        <source>A certificate file was not found.</source>
        <translation>找不到证书文件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="399"/>
        <source>The client certificate needs its key file.</source>
        <translation>使用客户端证书时，还需要填写私钥文件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="400"/>
        <source>The backend cannot be reached. Check the address and network.</source>
        <translation>无法连接后台，请检查地址和网络。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="401"/>
        <source>The backend did not answer in time.</source>
        <translation>后台响应超时。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="402"/>
        <source>The backend&apos;s certificate was not accepted. Check the CA file.</source>
        <translation>后台证书未通过验证，请检查 CA 证书文件。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="403"/>
        <source>The backend refused the token.</source>
        <translation>后台拒绝了这个令牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="404"/>
        <source>This token is not a kiosk token.</source>
        <translation>这个令牌不是自助机令牌。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="406"/>
        <source>The backend check failed ({code}).</source>
        <translation>后台检查未通过（{code}）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="421"/>
        <source>The smart card service is not running.</source>
        <translation>智能卡服务（PC/SC）没有运行。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="423"/>
        <source>No card reader found. Connect one and look again.</source>
        <translation>没有找到读卡器。请连接读卡器后重新检测。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="447"/>
        <source>{count} reader(s) present.</source>
        <translation>检测到 {count} 个读卡器。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="461"/>
        <source>No printer</source>
        <translation>不使用打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="468"/>
        <source>ESC/POS network printer</source>
        <translation>ESC/POS 网络打印机</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="292"/>
        <location filename="../../kiosk/install/setup/wizard.py" line="484"/>
        <source>Enter the printer as host:port, e.g. 10.0.0.20:9100.</source>
        <translation>请按“主机:端口”填写打印机地址，例如 10.0.0.20:9100。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="294"/>
        <source>Enter millimetres as numbers, e.g. 700 and 0.2745.</source>
        <translation>请用数字填写毫米数，例如 700 和 0.2745。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="438"/>
        <source>{reader} (virtual: demo machines only)</source>
        <translation>{reader}（虚拟读卡器，仅用于演示机）</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="450"/>
        <source>Only a virtual reader is present: connect the card reader and look again.</source>
        <translation>只检测到虚拟读卡器。请连接读卡器后重新检测。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="491"/>
        <source>The printer answered.</source>
        <translation>打印机已响应。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="492"/>
        <source>The printer did not answer ({code}).</source>
        <translation>打印机没有响应（{code}）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="288"/>
        <source>The two PINs differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="300"/>
        <source>The configuration is not valid ({code}: {key}).</source>
        <translation>配置无效（{code}：{key}）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="511"/>
        <source>The configuration could not be saved ({error}).</source>
        <translation>配置无法保存（{error}）。</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/setup/wizard.py" line="515"/>
        <source>Setup is complete.</source>
        <translation>设置完成。</translation>
    </message>
</context>
<context>
    <name>SplitPanel</name>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="99"/>
        <source>Total</source>
        <translation>总费用</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="100"/>
        <source>Insurance pays</source>
        <translation>医保支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="102"/>
        <source>Personal account pays</source>
        <translation>个人账户支付</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/payment.py" line="104"/>
        <source>You pay</source>
        <translation>您需支付</translation>
    </message>
</context>
<context>
    <name>Spoken</name>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="26"/>
        <source>Use the arrow keys to move between buttons, Enter to choose, and Back to go back. Press the help key to hear this screen again.</source>
        <translation>用方向键在按钮之间移动，按确认键选择，按返回键返回。按帮助键再听一遍本页内容。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="51"/>
        <source>Check in to {place}?</source>
        <translation>要在{place}签到吗？</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="53"/>
        <source>Press {confirm} to check in, or {back}.</source>
        <translation>请按“{confirm}”签到，或按“{back}”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="57"/>
        <source>You can see the doctor first and pay once at the end.</source>
        <translation>您可以先看病，最后一次付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="61"/>
        <source>You have an appointment today at {time} in {department}.</source>
        <translation>您今天{time}在{department}有预约。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="64"/>
        <source>Choose where to check in.</source>
        <translation>请选择签到的科室。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="72"/>
        <source>You are already checked in.</source>
        <translation>您已经签到过了。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="74"/>
        <source>You are checked in.</source>
        <translation>签到成功。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="75"/>
        <source>Your number is {number}.</source>
        <translation>您的号码是{number}号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="77"/>
        <source>Please go to {place}.</source>
        <translation>请到{place}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="84"/>
        <source>You have no more stops. You can pay now.</source>
        <translation>您没有其他要去的地方了，现在可以缴费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="85"/>
        <source>Your next stops.</source>
        <translation>您接下来要去：</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="87"/>
        <source>Stop {number}: {place}.</source>
        <translation>第{number}站：{place}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="90"/>
        <source>When you are done, press {pay}.</source>
        <translation>都看完后，请按“{pay}”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="103"/>
        <source>Your bill. The total is {total}. Insurance pays {fund}.</source>
        <translation>您的账单：总计{total}，医保支付{fund}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="107"/>
        <source>You pay {amount}. Press {pay} to pay.</source>
        <translation>您需支付{amount}。请按“{pay}”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="112"/>
        <source>You have nothing more to pay. Press confirm.</source>
        <translation>您无需再付费，请按确认。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="123"/>
        <source>Payment complete.</source>
        <translation>支付完成。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="124"/>
        <source>You paid {amount}.</source>
        <translation>您已支付{amount}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="127"/>
        <source>Press Done when you are finished.</source>
        <translation>办理完毕请按“完成”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="129"/>
        <source>Please take your card.</source>
        <translation>请取回您的卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="132"/>
        <source>Your visit is settled, but the payment did not go through.</source>
        <translation>本次就诊已结算，但扣款没有成功。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="134"/>
        <source>Still to pay: {amount}. Please pay it at the payment counter.</source>
        <translation>还需支付{amount}，请到收费窗口缴纳。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="141"/>
        <source>Your payment is being confirmed. You will never be charged twice. Please do not pay again.</source>
        <translation>您的付款正在确认中，绝不会重复扣款，请不要再次付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="146"/>
        <source>Amount: {amount}.</source>
        <translation>金额：{amount}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="148"/>
        <source>Your reference number is {reference}.</source>
        <translation>您的查询号是{reference}。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="162"/>
        <source>Pay-later is not available today.</source>
        <translation>今天不能使用先看病后付费。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="172"/>
        <source>No card with you? Open your medical insurance app and hold its QR code under the scanner.</source>
        <translation>没带医保卡？请打开手机上的医保应用，把医保码放在扫码器下方。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="176"/>
        <source>The code scanner is not working right now.</source>
        <translation>扫码器暂时无法使用。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="184"/>
        <source>Do you need more time? Press More time.</source>
        <translation>还需要更多时间吗？请按“需要更多时间”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="188"/>
        <source>This kiosk is out of service.</source>
        <translation>本机暂停服务。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="190"/>
        <source>Please insert your medical insurance card: chip first, face up, into the slot below the screen.</source>
        <translation>请插入医保卡：芯片朝前，正面朝上，插入屏幕下方的卡口。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="196"/>
        <source>Checking your insurance code. Please wait.</source>
        <translation>正在核验您的医保码，请稍候。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="198"/>
        <source>Reading your card. Please wait.</source>
        <translation>正在读卡，请稍候。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="200"/>
        <source>Checking. Please wait.</source>
        <translation>正在查询，请稍候。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="204"/>
        <source>For larger text and voice guidance, press Care mode.</source>
        <translation>如需大字和语音播报，请按“长辈模式”。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="214"/>
        <source>Your payment is being confirmed. Please do not pay again.</source>
        <translation>您的付款正在确认中，请不要再次付款。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="216"/>
        <source>Paying. Please keep your card in the reader.</source>
        <translation>正在支付，请不要拔卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="221"/>
        <source>Not paid yet. Your card was taken out before you paid. Nothing was charged. To pay, insert your card again.</source>
        <translation>尚未付款。您在付款前拔出了卡，没有扣款。如需付款，请重新插卡。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="233"/>
        <source>Please take your card. Thank you.</source>
        <translation>请取回您的卡，谢谢。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/spoken.py" line="240"/>
        <source>{button}, not available</source>
        <translation>{button}，暂不可用</translation>
    </message>
</context>
<context>
    <name>TakeCardScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="280"/>
        <source>Please take your card</source>
        <translation>请取走您的卡</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/entry.py" line="281"/>
        <source>Thank you. We wish you good health.</source>
        <translation>谢谢，祝您早日康复。</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="259"/>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="260"/>
        <source>Please go there and wait until your number is called.</source>
        <translation>请到那里等候叫号。</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="261"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="267"/>
        <source>You are already checked in</source>
        <translation>您已经报到过了</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/screens/visit.py" line="268"/>
        <source>You are checked in</source>
        <translation>报到成功</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../kiosk/ui/window.py" line="192"/>
        <source>Self-service: see the doctor first, pay later</source>
        <translation>自助服务 · 先看病后付费</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="196"/>
        <source>Care mode</source>
        <translation>长辈模式</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="197"/>
        <source>Voice</source>
        <translation>语音</translation>
    </message>
    <message>
        <location filename="../../kiosk/ui/window.py" line="198"/>
        <source>Say again</source>
        <translation>重听</translation>
    </message>
    <message>
        <location filename="../../kiosk/install/health.py" line="186"/>
        <location filename="../../kiosk/ui/window.py" line="195"/>
        <source>Large text</source>
        <translation>大字</translation>
    </message>
</context>
</TS>
